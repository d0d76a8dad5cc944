/** Escapes text for HTML: the server's pages and the fallback email's HTML part both use it. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
