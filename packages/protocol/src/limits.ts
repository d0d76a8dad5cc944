/** Limits shared by widget, server and console: the server enforces them, clients use them to warn early. */
export const MAX_MESSAGE_LENGTH = 4000;
export const MAX_NAME_LENGTH = 120;
export const MAX_TEAM_NAME_LENGTH = 60;
export const MAX_EMAIL_LENGTH = 254;
export const MAX_PHONE_LENGTH = 40;
export const MAX_USER_ID_LENGTH = 128;
export { MAX_TITLE_LENGTH, MAX_URL_LENGTH } from './page-limits.ts';
/** Largest WebSocket frame the server accepts; a message at MAX_MESSAGE_LENGTH in UTF-8 fits well inside. */
export const MAX_FRAME_BYTES = 32 * 1024;
/** Largest HTTP request body the server reads; its JSON APIs (sign-in, setup) need a few hundred bytes. */
export const MAX_BODY_BYTES = 64 * 1024;
/** Client ids are chosen by the sender and make a send idempotent; nanoid's 21 characters fit. */
export const MAX_CLIENT_ID_LENGTH = 64;
/** How long a typing indicator stays on without a refresh. */
export const TYPING_TIMEOUT_MS = 6000;
/** A typist says `on` again this often: well inside TYPING_TIMEOUT_MS, so one lost refresh does not blink the indicator off. */
export const TYPING_REFRESH_MS = 2000;
/** A typist says `off` after this long without a keystroke. */
export const TYPING_IDLE_MS = 3000;
/** The windows of the visitor limits whose counts are site settings (messageBurst's window is one too). */
export const MESSAGES_PER_HOUR_WINDOW_MS = 3_600_000;
export const NEW_VISITORS_WINDOW_MS = 600_000;
export const NEW_CONVERSATIONS_WINDOW_MS = 60_000;
/** A visitor's page changes and read marks are written at most this often; the last one in a window is written at its end. */
export const VISITOR_WRITE_MS = 1000;
/** A console gets this many of an agent's latest notifications on connect: a day away does not fill a tab's memory. */
export const MAX_NOTIFICATIONS = 50;
/** A notification quotes this much of the message it is about. */
export const NOTIFICATION_TEXT_LENGTH = 200;
/** A conversation opens at its latest this many messages; older ones come a page at a time as the reader scrolls up. */
export const HISTORY_PAGE = 50;
/** The most messages one request for older history may ask for. */
export const MAX_HISTORY_PAGE = 200;

/** A greeting, away message or auto-reply: a few sentences, not a page. */
export const MAX_GREETING_LENGTH = 500;
