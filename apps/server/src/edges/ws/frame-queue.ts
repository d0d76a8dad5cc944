/**
 * Runs one socket's work (its frames, then its close) strictly in order, so nothing is overtaken
 * by what came after it, and turns a failure into the frame's one error, echoing its client id.
 */
import { ERROR_CODES, type ErrorCode, type ErrorFrame, MAX_CLIENT_ID_LENGTH, parse } from '@parley/protocol';
import type * as v from 'valibot';
import { AppError } from '../../core/errors.ts';
import type { Tasks } from '../../core/tasks.ts';
import { NotFoundError, StoreUnavailableError } from '../../ports/errors.ts';

const FRAME_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** The error frame for a failure; what the core did not foresee is logged and reported as internal. */
export function errorFrame(error: unknown, clientId: string | undefined): ErrorFrame {
  const echo = clientId === undefined ? {} : { clientId };
  if (error instanceof AppError) {
    const code = (FRAME_CODES.has(error.code) ? error.code : error.code === 'forbidden' ? 'not_allowed' : 'bad_frame') as ErrorCode;
    const retry = error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs };
    return { t: 'error', code, message: error.message, ...echo, ...retry };
  }
  if (error instanceof NotFoundError) return { t: 'error', code: 'not_found', message: error.message, ...echo };
  if (error instanceof StoreUnavailableError) return { t: 'error', code: 'unavailable', message: error.message, ...echo };
  console.error(error);
  return { t: 'error', code: 'internal', message: clientId ? 'Not stored: send it again.' : 'Something went wrong on the server.', ...echo };
}

export function frameQueue(tasks: Tasks, fail: (frame: ErrorFrame) => void) {
  let tail = Promise.resolve();
  return function enqueue(task: () => Promise<void>, clientId?: string) {
    tail = tasks.track(tail.then(() => task().catch((error: unknown) => fail(errorFrame(error, clientId)))));
  };
}

/** A frame's JSON, read once; its client id is taken untrusted so that even a frame that fails validation gets it echoed. */
export function readFrame(text: string): { json: unknown; clientId: string | undefined } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { json: NOT_JSON, clientId: undefined };
  }
  const id = (json as { clientId?: unknown } | null)?.clientId;
  return { json, clientId: typeof id === 'string' && id.length <= MAX_CLIENT_ID_LENGTH ? id : undefined };
}

const NOT_JSON = Symbol('not JSON');

/** Validates what readFrame read against a frame schema, or fails with the frame's error. */
export function frameOf<S extends v.GenericSchema>(schema: S, json: unknown): v.InferOutput<S> {
  if (json === NOT_JSON) throw new AppError('bad_frame', 'A frame is one JSON object.');
  const parsed = parse(schema, json);
  if (!parsed.ok) throw new AppError('bad_frame', parsed.message);
  return parsed.value;
}
