/** Video-call invitations: the per-site address template, and the room it names. */
import { httpUrl } from './text.ts';

export const CALL_ROOM = '{room}';
export const DEFAULT_CALL_LINK = 'https://meet.jit.si/parley-{room}';

/** Why a call-link template cannot be used, or null when it can: https, and a `{room}` to make each conversation's own. */
export function callLinkProblem(template: string): string | null {
  if (!template.includes(CALL_ROOM)) return `callLink needs ${CALL_ROOM} where each conversation's room goes, such as ${DEFAULT_CALL_LINK}`;
  const url = httpUrl(callUrl(template, 'room'));
  if (!url || !url.startsWith('https:')) return 'callLink is an https:// address';
  return null;
}

/** The room's address; a room is letters and digits only, so it needs no escaping in any part of a URL. */
export function callUrl(template: string, room: string): string {
  return template.replaceAll(CALL_ROOM, room);
}
