/** Client ids make a send idempotent: the server keeps one message per id however often it is re-sent. */
const ALPHABET = 'useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict';

/** 21 random URL-safe characters (nanoid's). crypto.getRandomValues also works where randomUUID does not (plain http). */
export function newClientId(): string {
  let id = '';
  for (const byte of crypto.getRandomValues(new Uint8Array(21))) id += ALPHABET[byte & 63];
  return id;
}
