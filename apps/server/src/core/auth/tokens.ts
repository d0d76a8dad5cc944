/** Secrets handed to browsers (visitor tokens, agent sessions) are stored only as hashes. */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { nanoid } from 'nanoid';

export function newToken(): string {
  return nanoid(32);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Checks `identify`'s hmac: HMAC-SHA256(userId, site secret) in hex, compared in constant time. */
export function validIdentityHmac(userId: string, hmac: string, secret: string): boolean {
  const expected = createHmac('sha256', secret).update(userId).digest();
  const given = Buffer.from(hmac, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
