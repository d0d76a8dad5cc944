import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { watchActivity } from '../src/activity.ts';

const EVERY_MS = 20_000;
let page: EventTarget;
let doc: EventTarget & { visibilityState: DocumentVisibilityState };
let connected: boolean;
/** When, on the fake clock, each activity frame went out. */
let sent: number[];

beforeEach(() => {
  vi.useFakeTimers();
  page = new EventTarget();
  doc = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
  vi.stubGlobal('addEventListener', page.addEventListener.bind(page));
  vi.stubGlobal('document', doc);
  connected = true;
  sent = [];
  watchActivity(() => connected && sent.push(Date.now()) > 0);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** The visitor does something on the page, `afterMs` after the previous step. */
function act(afterMs: number, type = 'scroll'): void {
  vi.advanceTimersByTime(afterMs);
  page.dispatchEvent(new Event(type));
}

test('the first activity after a quiet spell goes at once, then at most one per 20 s', () => {
  const start = Date.now();
  act(0, 'focus');
  act(1_000, 'keydown');
  act(EVERY_MS - 1_001, 'pointerdown');
  expect(sent.map((at) => at - start)).toEqual([0]);
  act(1);
  expect(sent.map((at) => at - start)).toEqual([0, EVERY_MS]);
  act(5 * EVERY_MS);
  expect(sent.map((at) => at - start)).toEqual([0, EVERY_MS, 6 * EVERY_MS]);
});

test('nothing is sent without activity, however long the visitor stays', () => {
  vi.advanceTimersByTime(10 * 60_000);
  expect(sent).toEqual([]);
  act(0);
  vi.advanceTimersByTime(10 * 60_000);
  expect(sent).toHaveLength(1);
});

test('an activity that could not be sent does not hold back the next one', () => {
  connected = false;
  act(0);
  connected = true;
  act(1_000);
  expect(sent).toHaveLength(1);
});

test('events on a hidden page are not the visitor being there; coming back is', () => {
  doc.visibilityState = 'hidden';
  act(0);
  doc.dispatchEvent(new Event('visibilitychange'));
  expect(sent).toEqual([]);
  doc.visibilityState = 'visible';
  vi.advanceTimersByTime(1_000);
  doc.dispatchEvent(new Event('visibilitychange'));
  expect(sent).toHaveLength(1);
});
