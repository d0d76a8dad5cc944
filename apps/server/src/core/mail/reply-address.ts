/**
 * Reply addresses carry their conversation and a signature: `reply+<conversationId>.<sig>@<domain>`.
 * Inbound mail is accepted only for addresses this server signed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_LENGTH = 16;

function sign(conversationId: string, secret: string): string {
  return createHmac('sha256', secret).update(`reply:${conversationId}`).digest('base64url').slice(0, SIGNATURE_LENGTH);
}

export function replyAddress(conversationId: string, domain: string, secret: string): string {
  return `reply+${conversationId}.${sign(conversationId, secret)}@${domain}`;
}

/** The conversation a reply address stands for, or null when it is not one this server signed. */
export function conversationOfReplyAddress(address: string, secret: string): string | null {
  const match = /^reply\+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)@/i.exec(address.trim());
  if (!match) return null;
  const [, conversationId, signature] = match as unknown as [string, string, string];
  const expected = Buffer.from(sign(conversationId, secret));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? conversationId : null;
}
