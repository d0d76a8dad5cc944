/** Runs one socket's work (its frames, then its close) strictly in order, so nothing is overtaken by what came after it. */
import type { ErrorFrame } from '@parley/protocol';
import { NotFoundError } from '../../ports/errors.ts';
import type { Tasks } from '../../core/tasks.ts';

export class FrameError extends Error {
  constructor(
    readonly code: ErrorFrame['code'],
    message: string,
  ) {
    super(message);
  }
}

export function frameQueue(tasks: Tasks, fail: (frame: ErrorFrame) => void) {
  let tail = Promise.resolve();
  return function enqueue(task: () => Promise<void>) {
    tail = tasks.track(tail.then(() =>
      task().catch((error: unknown) => {
        if (error instanceof FrameError) return fail({ t: 'error', code: error.code, message: error.message });
        if (error instanceof NotFoundError) return fail({ t: 'error', code: 'not_found', message: error.message });
        console.error(error);
        fail({ t: 'error', code: 'internal', message: 'Something went wrong on the server.' });
      }),
    ));
  };
}
