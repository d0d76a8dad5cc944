/**
 * Confirm links for an address a visitor typed: `<visitorId>.<signature>`, signed over the visitor
 * and the address, so a link stops working once the visitor's address changes, and needs no table.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_LENGTH = 22;

function sign(visitorId: string, address: string, secret: string): string {
  return createHmac('sha256', secret).update(`confirm:${visitorId}\n${address}`).digest('base64url').slice(0, SIGNATURE_LENGTH);
}

export function confirmToken(visitorId: string, address: string, secret: string): string {
  return `${visitorId}.${sign(visitorId, address, secret)}`;
}

/** The visitor a confirm token names, before the signature is checked against their address. */
export function visitorOfConfirmToken(token: string): string | null {
  return /^([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]+$/.exec(token)?.[1] ?? null;
}

/** Whether this server signed `token` for this visitor and this address. */
export function confirmTokenFits(token: string, visitorId: string, address: string, secret: string): boolean {
  const expected = Buffer.from(confirmToken(visitorId, address, secret));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
