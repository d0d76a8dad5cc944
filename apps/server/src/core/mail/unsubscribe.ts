/** Unsubscribe tokens: `<visitorId>.<signature>`, so a link needs no lookup table. */
import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_LENGTH = 22;

function sign(visitorId: string, secret: string): string {
  return createHmac('sha256', secret).update(`unsubscribe:${visitorId}`).digest('base64url').slice(0, SIGNATURE_LENGTH);
}

export function unsubscribeToken(visitorId: string, secret: string): string {
  return `${visitorId}.${sign(visitorId, secret)}`;
}

/** The visitor an unsubscribe token stands for, or null when this server did not sign it. */
export function visitorOfUnsubscribeToken(token: string, secret: string): string | null {
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
  if (!match) return null;
  const [, visitorId, signature] = match as unknown as [string, string, string];
  const expected = Buffer.from(sign(visitorId, secret));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? visitorId : null;
}

/** The List-Unsubscribe mailto address: `unsubscribe+<token>@<domain>`. */
export function unsubscribeAddress(token: string, domain: string): string {
  return `unsubscribe+${token}@${domain}`;
}

/** The token in an address unsubscribeAddress made, for the inbound listener; null for any other address. */
export function unsubscribeTokenOfAddress(address: string): string | null {
  return /^unsubscribe\+([A-Za-z0-9_.-]+)@/i.exec(address.trim())?.[1] ?? null;
}
