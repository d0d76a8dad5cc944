/** Client ids make a reply idempotent: the server keeps one message per id however often it is re-sent. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** 21 random URL-safe characters. crypto.getRandomValues also works where randomUUID does not (plain http). */
export function newClientId(): string {
  let id = '';
  for (const byte of crypto.getRandomValues(new Uint8Array(21))) id += ALPHABET[byte & 63];
  return id;
}
