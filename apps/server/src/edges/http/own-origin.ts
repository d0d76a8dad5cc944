/** Whether a browser's Origin is this server's own: its public URL, or the scheme and host it was reached by. */

/** `origin` is the Origin header as sent; `reachedAs` the origin of the request as it arrived (scheme and Host). */
export function isOwnOrigin(origin: string | undefined, publicUrl: string, reachedAs: string): boolean {
  if (!origin) return false;
  let sent: string;
  try {
    // "null" (sandboxed frames, file:) and other junk are not ours.
    sent = new URL(origin).origin;
  } catch {
    return false;
  }
  // Full origins: scheme, host and port all count, so http://host or host:other-port is foreign.
  return sent !== 'null' && (sent === new URL(publicUrl).origin || sent === originOf(reachedAs));
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
