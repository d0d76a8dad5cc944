/**
 * The one error the core raises for failures a caller can act on. Each edge maps it once: to an
 * HTTP status (edges/http/app.ts), an error frame (edges/ws/frame-queue.ts), an SMTP reply.
 */
import type { ErrorCode } from '@parley/protocol';

export type AppErrorCode = ErrorCode | 'bad_request' | 'forbidden' | 'conflict' | 'too_many_attempts' | 'setup_done' | 'bad_credentials' | 'payload_too_large' | 'unsupported_media_type';

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** For too_many_attempts: when to try again. */
    readonly retryAfterMs?: number,
    /** For bad_request on a form: each field's problem, so the form shows it by the field. */
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}
