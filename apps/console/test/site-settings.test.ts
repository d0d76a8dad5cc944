/** Settings → Sites: the form built from SITE_SETTINGS, a save sending only what the admin changed, and the top bar's switch for every site. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { parseSiteSettings, SITE_SETTINGS, type SiteAdminView } from '@parley/protocol';

type Answer = { ok: true; value: unknown } | { ok: false; status: number; code: string; message: string; fields?: Record<string, string> };
const calls: Array<{ what: string; body: unknown; answer: (a: Answer) => void }> = [];
const call = (what: string, body?: unknown) => new Promise<Answer>((answer) => calls.push({ what, body, answer }));
vi.mock('../src/api.ts', () => ({
  getSites: () => call('get'),
  changeSite: (key: string, changes: unknown) => call(`patch ${key}`, changes),
  rotateSiteSecret: (key: string) => call(`secret ${key}`),
}));

const state = await import('../src/state/site-settings.ts');
const form = await import('../src/lib/site-form.ts');

function site(key: string, settings: Record<string, unknown> = {}): SiteAdminView {
  return { key, name: key, origins: [`https://${key}.example`], secret: 'x'.repeat(64), embed: '', settings: parseSiteSettings(settings) };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(async () => {
  calls.length = 0;
  const loading = state.loadSites();
  calls.shift()!.answer({ ok: true, value: { sites: [site('shop'), site('demo')] } });
  await loading;
});

describe('the form', () => {
  it('places every setting once, with the input its schema asks for', () => {
    const placed = [...form.GROUPS.flatMap((g) => g.fields), ...form.MORE];
    expect(new Set(placed).size).toBe(placed.length);
    expect(placed.sort()).toEqual(['name', 'origins', ...Object.keys(SITE_SETTINGS)].sort());
    expect(form.MORE).toEqual([]);
    expect(form.fieldKind('chat')).toEqual({ kind: 'switch' });
    expect(form.fieldKind('position')).toEqual({ kind: 'choice', options: ['right', 'left'] });
    expect(form.fieldKind('language')).toMatchObject({ kind: 'choice', options: expect.arrayContaining(['auto', 'de', 'ar']) });
    expect(form.fieldKind('emailDelay')).toEqual({ kind: 'number' });
    expect(form.fieldKind('greeting')).toEqual({ kind: 'multiline' });
    expect(form.fieldKind('brandColor')).toEqual({ kind: 'colour' });
    expect(form.fieldLabel('teamName')).not.toMatch(/name/i);
  });

  it('fills each field as site set would be given it', () => {
    expect(state.formValues(site('shop', { chat: false, emailDelay: 60 }))).toMatchObject({ name: 'shop', origins: 'https://shop.example', chat: 'off', emailDelay: '60', brandColor: '#2456e8' });
  });
});

describe('saving', () => {
  it('sends only what changed since the form was filled, and leaves the top bar switch alone', async () => {
    const filled = state.chosenSite.value!;
    const values = { ...state.formValues(filled), greeting: 'Hi', brandColor: '#AA0000' };
    const switching = state.setChatEverywhere(false);
    expect(calls.map((c) => [c.what, c.body])).toEqual([
      ['patch shop', { chat: 'off' }],
      ['patch demo', { chat: 'off' }],
    ]);
    for (const c of calls.splice(0)) c.answer({ ok: true, value: { site: site(c.what.split(' ')[1]!, { chat: false }) } });
    await switching;
    expect(state.chatOn.value).toBe(false);
    const saving = state.saveSite(filled, values);
    expect(calls[0]).toMatchObject({ what: 'patch shop', body: { greeting: 'Hi', brandColor: '#AA0000' } });
    calls.shift()!.answer({ ok: true, value: { site: site('shop', { chat: false, greeting: 'Hi', brandColor: '#aa0000' }) } });
    expect((await saving)?.settings.brandColor).toBe('#aa0000');
    expect(state.sitesState.value.savedAt).not.toBeNull();
  });

  it('shows the refusal by field and keeps the site as it was', async () => {
    const filled = state.chosenSite.value!;
    const saving = state.saveSite(filled, { ...state.formValues(filled), brandColor: 'red' });
    calls.shift()!.answer({ ok: false, status: 400, code: 'bad_request', message: 'brandColor: …', fields: { brandColor: 'brandColor: brandColor is a colour such as #2456e8' } });
    expect(await saving).toBeNull();
    expect(state.sitesState.value.problems).toEqual({ brandColor: 'brandColor: brandColor is a colour such as #2456e8' });
    expect(state.chosenSite.value?.settings.brandColor).toBe('#2456e8');
    await settle();
  });
});
