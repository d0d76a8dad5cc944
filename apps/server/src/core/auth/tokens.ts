/** Secrets handed to browsers (visitor tokens, agent sessions) are stored only as hashes. */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { nanoid } from 'nanoid';

export function newToken(): string {
  return nanoid(32);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Whether two secrets are equal, in time that depends on neither: both are hashed first, so the
 * comparison runs over equal lengths whatever was given.
 */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}

/** Checks `identify`'s hmac: HMAC-SHA256(userId, site secret) in hex, compared in constant time. */
export function validIdentityHmac(userId: string, hmac: string, secret: string): boolean {
  const expected = createHmac('sha256', secret).update(userId).digest();
  const given = Buffer.from(hmac, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
