/** Handles one socket's frames strictly one after another, so a slow frame cannot be overtaken by the next. */
import type { ErrorFrame } from '@parley/protocol';
import { NotFoundError } from '../store/errors.ts';

export class FrameError extends Error {
  constructor(
    readonly code: ErrorFrame['code'],
    message: string,
  ) {
    super(message);
  }
}

export function frameQueue(handle: (text: string) => Promise<void>, fail: (frame: ErrorFrame) => void) {
  let tail = Promise.resolve();
  return function enqueue(text: string) {
    tail = tail.then(() =>
      handle(text).catch((error: unknown) => {
        if (error instanceof FrameError) return fail({ t: 'error', code: error.code, message: error.message });
        if (error instanceof NotFoundError) return fail({ t: 'error', code: 'not_found', message: error.message });
        console.error(error);
        fail({ t: 'error', code: 'internal', message: 'Something went wrong on the server.' });
      }),
    );
  };
}
