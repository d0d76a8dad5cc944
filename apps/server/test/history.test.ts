/** History over HTTP: who finds what (the list's visibility rule), the export's formats and headers, and what is refused. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Site } from '../src/ports/store.ts';
import { helloVisitor, postJson, signIn, startTestServer, type TestServer, type TestSocket } from './harness.ts';

let server: TestServer;
let desk: Site;
let other: Site;
const ids: Record<string, string> = {};
const cookies: Record<string, string> = {};
const sockets: TestSocket[] = [];

beforeEach(async () => {
  server = await startTestServer();
  const { sites, agents, teams } = server.core;
  await teams.add({ name: 'desk', mode: 'grab' });
  await teams.add({ name: 'other', mode: 'collaboration' });
  desk = await sites.update((await sites.create({ name: 'Desk', origins: ['https://desk.example'] })).key, { settings: { team: 'desk', newConversations: 0 } });
  other = await sites.update((await sites.create({ name: 'Other', origins: ['https://other.example'] })).key, { settings: { team: 'other', newConversations: 0 } });
  for (const [name, role, teamNames] of [
    ['anna', 'agent', ['desk']],
    ['ben', 'agent', ['desk']],
    ['olaf', 'agent', ['other']],
    ['ada', 'admin', []],
  ] as const) {
    ids[name] = (await agents.add({ email: `${name}@shop.example`, name, role, teams: [...teamNames], password: 'password1' })).id;
    cookies[name] = await signIn(server, `${name}@shop.example`, 'password1');
  }
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await server.destroy();
});

/** A visitor of `site` who wrote these messages; the conversation's id. */
async function visitorWrites(site: Site, ...texts: string[]) {
  const { socket } = await helloVisitor(server, site);
  sockets.push(socket);
  let conversationId = '';
  for (const [i, text] of texts.entries()) {
    socket.send({ t: 'send', clientId: `m${i}`, text });
    conversationId = (await socket.next((f) => f.t === 'ack' && f.clientId === `m${i}`)).conversationId;
  }
  return conversationId;
}

const get = (who: string | null, path: string) => fetch(`${server.url}${path}`, { headers: who ? { cookie: cookies[who]! } : {} });
const found = async (who: string, params: string) => {
  const res = await get(who, `/api/history?${params}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Array<{ conversationId: string }> }).items.map((item) => item.conversationId);
};
const exported = async (who: string, params: string) => (await get(who, `/api/history/export?${params}`)).text();

describe('who finds and exports what', () => {
  it("never lets an agent find or export a team's conversations they may not see; admins find all", async () => {
    const ours = await visitorWrites(desk, 'I want a refund for order 17');
    const theirs = await visitorWrites(other, 'refund for the other team: secret lemon');
    expect(await found('anna', 'text=refund')).toEqual([ours]);
    expect(await found('olaf', 'text=refund')).toEqual([theirs]);
    expect(await found('anna', `text=refund&site=${other.id}`)).toEqual([]);
    expect((await found('ada', 'text=refund')).sort()).toEqual([ours, theirs].sort());
    for (const format of ['csv', 'json']) {
      const file = await exported('anna', `format=${format}`);
      expect(file).toContain('order 17');
      expect(file).not.toContain('lemon');
    }
    // Grabbed by Ben, the conversation is his in a grab team: Anna finds and exports it no more.
    expect((await postJson(server, `/api/conversations/${ours}/assign`, { agentId: ids.ben }, { cookie: cookies.ben! })).status).toBe(204);
    expect(await found('anna', 'text=refund')).toEqual([]);
    expect(await exported('anna', 'format=json')).toBe('[\n]\n');
    expect(await found('ben', 'text=refund')).toEqual([ours]);
  });

  it('refuses both without a session, and says which parameter is wrong', async () => {
    expect((await get(null, '/api/history')).status).toBe(401);
    expect((await get(null, '/api/history/export?format=csv')).status).toBe(401);
    const bad = await get('anna', '/api/history?from=yesterday');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^from:/);
    expect((await get('anna', '/api/history/export?format=xml')).status).toBe(400);
    expect((await get('anna', '/api/history?after=nonsense')).status).toBe(400);
  });
});

describe('search results', () => {
  it('marks the words found in a snippet of the newest matching message, and pages with `next`', async () => {
    const id = await visitorWrites(desk, 'first about shipping', 'Where is my PARCEL? The parcel was due Monday.', 'thanks');
    const res = await get('anna', '/api/history?text=parcel');
    const page = (await res.json()) as { items: Array<{ conversationId: string; siteName: string; status: string; snippet: { text: string; marks: Array<[number, number]> } }>; next: string | null };
    expect(page.next).toBeNull();
    const [hit] = page.items;
    expect(hit).toMatchObject({ conversationId: id, siteName: 'Desk', status: 'open' });
    expect(hit!.snippet.marks.map(([a, b]) => hit!.snippet.text.slice(a, b))).toEqual(['PARCEL', 'parcel']);
  });
});

describe('export', () => {
  it('streams CSV as an attachment: RFC 4180 quoting, formulas defused, one row a message with its conversation', async () => {
    const id = await visitorWrites(desk, '=HYPERLINK("http://evil.example","click")', 'a line\nand "quotes", commas', '-1+2', 'plain');
    const res = await get('anna', '/api/history/export?format=csv');
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="parley-history-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = await res.text();
    const lines = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('conversation,site,status,started,customer_name,customer_email,customer_phone,seq,at,author,author_name,event,text');
    expect(text).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")"\r\n`);
    expect(text).toContain(`,"a line\nand ""quotes"", commas"\r\n`);
    expect(text).toContain(`,'-1+2\r\n`);
    expect(text).toMatch(new RegExp(`^${id},Desk,open,\\d{4}-.*,5,.*,visitor,,,plain\r$`, 'm'));
  });

  it('streams JSON: an array of conversations, one a line, each with its whole transcript', async () => {
    const a = await visitorWrites(desk, 'one', 'two');
    const b = await visitorWrites(desk, 'three');
    const res = await get('anna', '/api/history/export?format=json');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".*\.json"$/);
    const text = await res.text();
    const parsed = JSON.parse(text) as Array<{ id: string; site: string; messages: Array<{ seq: number; text: string; author: string }> }>;
    expect(parsed.map((c) => c.id)).toEqual([b, a]);
    // The auto-reply (the site has no agent online) is of the transcript too, read as the console reads it.
    expect(parsed[1]!.messages.map((m) => [m.seq, m.author, m.text])).toEqual([
      [1, 'visitor', 'one'],
      [2, 'system', "Auto-reply: Thanks for your message! We're away right now."],
      [3, 'visitor', 'two'],
    ]);
    expect(parsed[1]!.messages.filter((m) => m.author === 'visitor').map((m) => m.text)).toEqual(['one', 'two']);
    expect(text.split('\n').slice(1, -2).map((line) => JSON.parse(line.replace(/,$/, '')).id)).toEqual([b, a]);
  });
});
