/** History's shared rules: the words a search looks for, the snippet's marks, and the query string both ends read. */
import { describe, expect, it } from 'vitest';
import { cursorParam, historyParams, historySearchParams, parse, searchTerms, snippetOf } from '../src/index.ts';

describe('searchTerms', () => {
  it('takes runs of letters and digits, lower-cased, once each, at most 8', () => {
    expect(searchTerms('Refund?? "order" 42 — refund; Café NOT*')).toEqual(['refund', 'order', '42', 'café', 'not']);
    expect(searchTerms('a b c d e f g h i j')).toHaveLength(8);
    expect(searchTerms('  ,;!  ')).toEqual([]);
    expect(searchTerms(null)).toEqual([]);
  });
});

describe('snippetOf', () => {
  const marked = ({ text, marks }: { text: string; marks: Array<[number, number]> }) => marks.map(([a, b]) => text.slice(a, b));

  it('marks whole words only, in any case', () => {
    const snippet = snippetOf('Parcel? My parcels and the PARCEL.', ['parcel']);
    expect(snippet.text).toBe('Parcel? My parcels and the PARCEL.');
    expect(marked(snippet)).toEqual(['Parcel', 'PARCEL']);
  });

  it('shows a window around the first word of a long text, its marks moved with it', () => {
    const text = `${'lorem '.repeat(100)}the refund came ${'ipsum '.repeat(100)}`;
    const snippet = snippetOf(text, ['refund'], 60);
    expect(snippet.text.startsWith('…') && snippet.text.endsWith('…')).toBe(true);
    expect(snippet.text.length).toBe(62);
    expect(marked(snippet)).toEqual(['refund']);
  });
});

describe('historyParams', () => {
  it('reads a query string: empty filters are none, times are numbers, the cursor round-trips', () => {
    const params = Object.fromEntries(historySearchParams({ text: 'refund', customer: null, agent: null, from: 5, to: null, status: 'closed', site: null }, { after: cursorParam({ updatedAt: 9, id: 'ab_c-1' }) }));
    const parsed = parse(historyParams, { ...params, customer: '' });
    expect(parsed).toEqual({ ok: true, value: { query: { text: 'refund', customer: null, agent: null, from: 5, to: null, status: 'closed', site: null }, after: { updatedAt: 9, id: 'ab_c-1' }, format: 'json' } });
  });

  it('names the parameter that is wrong', () => {
    expect(parse(historyParams, { to: 'soon' })).toMatchObject({ ok: false, message: /^to:/ });
    expect(parse(historyParams, { status: 'pending' })).toMatchObject({ ok: false, message: /^status:/ });
    expect(parse(historyParams, { after: '12' })).toMatchObject({ ok: false, message: /^after:/ });
  });
});
