import { afterEach, expect, test, vi } from 'vitest';
import { installPageApi } from '../src/page-api.ts';

afterEach(() => vi.restoreAllMocks());

test('replays calls queued by the snippet in order, then runs calls directly', () => {
  const calls: unknown[][] = [];
  const queue = function () {} as unknown as { q: ArrayLike<unknown>[] };
  queue.q = [['identify', { email: 'a@b.c' }], ['open']];
  const scope = { Parley: queue as never } as { Parley?: (...args: unknown[]) => void };
  installPageApi(scope, {
    identify: (...args) => calls.push(['identify', ...args]),
    open: () => calls.push(['open']),
  });
  scope.Parley!('open');
  expect(calls).toEqual([['identify', { email: 'a@b.c' }], ['open'], ['open']]);
});

test('never throws into the page: unknown commands and failing commands warn', () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const scope: { Parley?: (...args: unknown[]) => void } = {};
  installPageApi(scope, {
    open: () => {},
    close: () => {
      throw new Error('boom');
    },
  });
  expect(() => scope.Parley!('opne')).not.toThrow();
  expect(warn).toHaveBeenLastCalledWith('Parley:', 'unknown command "opne"; use one of open, close.');
  expect(() => scope.Parley!('close')).not.toThrow();
  expect(warn).toHaveBeenCalledTimes(2);
});
