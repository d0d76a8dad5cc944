import { expect, test } from 'vitest';
import { throttle } from '../src/activity.ts';

function clockAndSends(connected = () => true) {
  const clock = { now: 0 };
  const sent: number[] = [];
  const send = () => {
    if (!connected()) return false;
    sent.push(clock.now);
    return true;
  };
  const activity = throttle(20_000, send, () => clock.now);
  return { clock, sent, activity };
}

test('the first activity after a quiet spell goes at once, then at most one per interval', () => {
  const { clock, sent, activity } = clockAndSends();
  for (const at of [1_000, 1_001, 5_000, 20_999, 21_000, 30_000, 90_000]) {
    clock.now = at;
    activity();
  }
  expect(sent).toEqual([1_000, 21_000, 90_000]);
});

test('nothing happens without activity: the throttle never sends on its own', () => {
  const { sent } = clockAndSends();
  expect(sent).toEqual([]);
});

test('an activity that could not be sent does not hold back the next one', () => {
  let connected = false;
  const { clock, sent, activity } = clockAndSends(() => connected);
  clock.now = 1_000;
  activity();
  connected = true;
  clock.now = 2_000;
  activity();
  expect(sent).toEqual([2_000]);
});
