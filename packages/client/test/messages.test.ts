import { describe, expect, it } from 'vitest';
import { mergeMessages, resumeSeq } from '../src/messages.ts';
import { message } from './fakes.ts';

const seqs = (list: readonly { seq: number }[]) => list.map((m) => m.seq);

describe('mergeMessages', () => {
  it('appends newer messages in seq order', () => {
    expect(seqs(mergeMessages([message(1)], [message(3), message(2)]))).toEqual([1, 2, 3]);
  });

  it('drops messages already held and keeps the held objects', () => {
    const held = [message(1), message(2)];
    const merged = mergeMessages(held, [message(2, { text: 'again' }), message(3)]);
    expect(seqs(merged)).toEqual([1, 2, 3]);
    expect(merged[1]).toBe(held[1]);
  });

  it('returns the held array itself when nothing is new', () => {
    const held = [message(1), message(2)];
    expect(mergeMessages(held, [message(1), message(2)])).toBe(held);
    expect(mergeMessages(held, [])).toBe(held);
  });

  it('fills a gap in the middle', () => {
    expect(seqs(mergeMessages([message(1), message(4)], [message(3), message(2)]))).toEqual([1, 2, 3, 4]);
  });

  it('keeps one copy of a seq repeated in the incoming batch', () => {
    expect(seqs(mergeMessages([], [message(1), message(1), message(2)]))).toEqual([1, 2]);
  });
});

describe('resumeSeq', () => {
  it('is 0 for nothing held', () => {
    expect(resumeSeq([])).toBe(0);
  });

  it('is the highest seq of an unbroken run', () => {
    expect(resumeSeq([message(1), message(2), message(3)])).toBe(3);
  });

  it('stops before a gap so the gap is fetched again', () => {
    expect(resumeSeq([message(1), message(2), message(5), message(6)])).toBe(2);
  });

  it('starts from the first held message when history began later', () => {
    expect(resumeSeq([message(40), message(41)])).toBe(41);
  });
});
