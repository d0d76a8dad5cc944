/** "Ann Lee" → "AL", as the widget's header and the console draw an agent without a photo; by code points, so a letter outside the BMP is not cut in half. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = (word: string | undefined) => (word ? [...word][0]!.toUpperCase() : '');
  return first(words[0]) + (words.length > 1 ? first(words[words.length - 1]) : '');
}
