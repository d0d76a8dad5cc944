import { expect, test } from 'vitest';
import { CONTINUE_PARAM } from '@parley/protocol';
import { takeParam } from '../src/continue-link.ts';

test('takes the token and keeps the other parameters exactly as spelled', () => {
  expect(takeParam(`?a=b%20c&${CONTINUE_PARAM}=tok_1-x&flag&q=a+b`, CONTINUE_PARAM)).toEqual([
    'tok_1-x',
    '?a=b%20c&flag&q=a+b',
  ]);
});

test('the token alone leaves no query at all', () => {
  expect(takeParam(`?${CONTINUE_PARAM}=tok`, CONTINUE_PARAM)).toEqual(['tok', '']);
});

test('decodes the value; an empty value is taken off too', () => {
  expect(takeParam(`?${CONTINUE_PARAM}=a%2Bb`, CONTINUE_PARAM)).toEqual(['a+b', '']);
  expect(takeParam(`?x=1&${CONTINUE_PARAM}=`, CONTINUE_PARAM)).toEqual(['', '?x=1']);
});

test('without the parameter the query is unchanged', () => {
  expect(takeParam('', CONTINUE_PARAM)).toEqual([null, '']);
  expect(takeParam('?parley_continued=1&a=2', CONTINUE_PARAM)).toEqual([null, '?parley_continued=1&a=2']);
});
