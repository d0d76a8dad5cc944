/** Video-call invitations: the per-site address template, and the room it names. */
import * as v from 'valibot';
import { MAX_CLIENT_ID_LENGTH } from './limits.ts';
import { cleanString, httpUrl } from './text.ts';

export const CALL_ROOM = '{room}';
export const DEFAULT_CALL_LINK = 'https://meet.jit.si/parley-{room}';

/** Why a call-link template cannot be used, or null when it can: https, and a `{room}` to make each conversation's own. */
export function callLinkProblem(template: string): string | null {
  if (!template.includes(CALL_ROOM)) return `the address needs ${CALL_ROOM} where each conversation's room goes, such as ${DEFAULT_CALL_LINK}`;
  const url = httpUrl(template.replaceAll(CALL_ROOM, 'room'));
  if (!url || !url.startsWith('https:')) return 'the address must start with https://';
  return null;
}

/**
 * The room's address as a browser reads it (quotes and angle brackets percent-encoded), for a
 * template callLinkProblem passed. A room is letters and digits only: safe in any part of a URL.
 */
export function callUrl(template: string, room: string): string {
  return new URL(template.replaceAll(CALL_ROOM, room)).href;
}

/** `POST /api/conversations/:id/call`: the sender's id for the invitation, so a retry is stored once. */
export const callInviteBody = v.object({ clientId: v.pipe(cleanString(), v.minLength(1), v.maxLength(MAX_CLIENT_ID_LENGTH)) });
