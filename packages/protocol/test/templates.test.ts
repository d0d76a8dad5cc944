/** Templates: placeholders filled with their values, fallbacks and defaults; the `/word` and the picker's matches; call links. */
import { describe, expect, it } from 'vitest';
import { callLinkProblem, callUrl, fillTemplate, matchTemplates, type MessageTemplate, type PlaceholderValues, readSetting, slashWord } from '../src/index.ts';

const known: PlaceholderValues = { visitor: { name: 'Ada', email: 'ada@example.com' }, agent: { name: 'Bob' }, site: { name: 'Shoes' } };
const unknown: PlaceholderValues = { visitor: { name: null, email: null }, agent: { name: null }, site: { name: null } };

describe('fillTemplate', () => {
  it('fills every placeholder with its value', () => {
    expect(fillTemplate('Hi {visitor.name} ({visitor.email}), {agent.name} of {site.name} here.', known)).toBe('Hi Ada (ada@example.com), Bob of Shoes here.');
  });

  it('uses the fallback after | when the value is unknown, and the value when it is known', () => {
    expect(fillTemplate('Hi {visitor.name|friend}!', unknown)).toBe('Hi friend!');
    expect(fillTemplate('Hi {visitor.name|friend}!', known)).toBe('Hi Ada!');
    expect(fillTemplate('Mail: {visitor.email|none given}', unknown)).toBe('Mail: none given');
    expect(fillTemplate('Hi {visitor.name|}!', unknown)).toBe('Hi !');
  });

  it('without a fallback: "there" for the visitor\'s name, empty for the rest; blank values count as unknown', () => {
    expect(fillTemplate('Hi {visitor.name}, {agent.name}{site.name}{visitor.email}.', unknown)).toBe('Hi there, .');
    expect(fillTemplate('Hi {visitor.name}', { ...known, visitor: { name: '  ', email: null } })).toBe('Hi there');
  });

  it('leaves unknown placeholders and lone braces as typed, and never reads a value as a placeholder', () => {
    expect(fillTemplate('{visitor.phone} {order} {visitor.name', known)).toBe('{visitor.phone} {order} {visitor.name');
    expect(fillTemplate('{visitor.name} {agent.name}', { ...known, visitor: { name: '{agent.name}', email: null } })).toBe('{agent.name} Bob');
  });
});

const template = (shortcut: string, body: string, shared: boolean): MessageTemplate => ({ id: `${shortcut}-${shared}`, shortcut, body, shared, createdAt: 0, updatedAt: 0 });

describe('matchTemplates', () => {
  const all = [template('shipping', 'We ship in 2 days.', true), template('returns', 'Returns are free.', true), template('ship-eu', 'EU shipping is 5 days.', false), template('hello', 'Hi {visitor.name}', true), template('hello', 'Hey you', false)];

  it('filters by shortcut first, then by shortcut or text containing the query', () => {
    expect(matchTemplates(all, 'ship').map((t) => t.shortcut)).toEqual(['ship-eu', 'shipping']);
    expect(matchTemplates(all, 'free').map((t) => t.shortcut)).toEqual(['returns']);
    expect(matchTemplates(all, 'SHIPPING').map((t) => t.shortcut)).toEqual(['shipping', 'ship-eu']);
  });

  it('lists a personal template in place of the shared one with its shortcut', () => {
    expect(matchTemplates(all, 'hel')).toEqual([all[4]]);
    expect(matchTemplates(all, '')).toHaveLength(4);
  });
});

describe('slashWord', () => {
  it('finds a /word that starts a word and ends at the caret', () => {
    expect(slashWord('/ship', 5)).toEqual({ start: 0, query: 'ship' });
    expect(slashWord('Hi /sh there', 6)).toEqual({ start: 3, query: 'sh' });
    expect(slashWord('Hi /', 4)).toEqual({ start: 3, query: '' });
  });

  it('is null inside a URL, after a space, or with the caret elsewhere', () => {
    expect(slashWord('see example.com/ship', 20)).toBeNull();
    expect(slashWord('/ship now', 9)).toBeNull();
    expect(slashWord('a/b', 3)).toBeNull();
  });
});

describe('call links', () => {
  it('needs https and {room}', () => {
    expect(callLinkProblem('https://meet.jit.si/parley-{room}')).toBeNull();
    expect(callLinkProblem('https://meet.example.com/')).toMatch(/\{room\}/);
    expect(callLinkProblem('http://meet.example.com/{room}')).toMatch(/https/);
    expect(callLinkProblem('javascript:alert(1)//{room}')).toMatch(/https/);
    expect(callUrl('https://meet.example.com/{room}?r={room}', 'abc')).toBe('https://meet.example.com/abc?r=abc');
  });

  it('is a site setting read by `site set`, bad ones refused', () => {
    expect(readSetting('callLink=https://video.example.com/{room}')).toEqual({ ok: true, name: 'callLink', value: 'https://video.example.com/{room}' });
    expect(readSetting('callLink=https://video.example.com/fixed').ok).toBe(false);
    expect(readSetting('callLink=ftp://video.example.com/{room}').ok).toBe(false);
  });
});
