import { describe, expect, it } from 'vitest';
import { agentClientFrame, HISTORY_PAGE, loginBody, MAX_HISTORY_PAGE, MAX_MESSAGE_LENGTH, parse, parseFrame, setupBody, visitorClientFrame } from '../src/index.ts';

describe('visitor frames', () => {
  it('accepts a hello and a send', () => {
    expect(parseFrame(visitorClientFrame, JSON.stringify({ t: 'hello', site: 'abc', since: 3 })).ok).toBe(true);
    const send = parse(visitorClientFrame, { t: 'send', clientId: 'c1', text: '  hi  ' });
    expect(send).toEqual({ ok: true, value: { t: 'send', clientId: 'c1', text: 'hi' } });
  });

  it('says what is wrong with a bad frame', () => {
    expect(parseFrame(visitorClientFrame, 'not json')).toEqual({ ok: false, message: 'A frame is one JSON object.' });
    const empty = parse(visitorClientFrame, { t: 'send', clientId: 'c1', text: '   ' });
    expect(empty).toEqual({ ok: false, message: 'text: A message cannot be empty.' });
    const long = parse(visitorClientFrame, { t: 'send', clientId: 'c1', text: 'x'.repeat(MAX_MESSAGE_LENGTH + 1) });
    expect(long.ok).toBe(false);
    expect(parse(visitorClientFrame, { t: 'nope' }).ok).toBe(false);
    expect(parse(visitorClientFrame, { t: 'hello', site: 'k', since: -1 }).ok).toBe(false);
  });

  it('checks identify fields', () => {
    expect(parse(visitorClientFrame, { t: 'identify', email: 'a@b.co', name: 'Ann' }).ok).toBe(true);
    expect(parse(visitorClientFrame, { t: 'identify', email: 'not-an-email' }).ok).toBe(false);
    expect(parse(visitorClientFrame, { t: 'identify', userId: 'u1', hmac: 'zz' }).ok).toBe(false);
  });
});

describe('agent frames and bodies', () => {
  it('accepts the console commands', () => {
    for (const t of ['join', 'leave', 'close'] as const) expect(parse(agentClientFrame, { t, conversationId: 'c' }).ok).toBe(true);
    expect(parse(agentClientFrame, { t: 'open', conversationId: 'c', since: 0 }).ok).toBe(true);
    expect(parse(agentClientFrame, { t: 'send', conversationId: 'c', clientId: 'x', text: '' }).ok).toBe(false);
  });

  it('refuses an edit of nothing: the store has no update of no field', () => {
    expect(parse(agentClientFrame, { t: 'me' })).toEqual({ ok: false, message: 'A me frame sets at least one of status, awayAfter, sound, desktop.' });
    expect(parse(agentClientFrame, { t: 'visitor', visitorId: 'v' })).toEqual({ ok: false, message: 'A visitor frame sets at least one of name, email, phone.' });
    expect(parse(agentClientFrame, { t: 'me', awayAfter: 0 }).ok).toBe(true);
    expect(parse(agentClientFrame, { t: 'visitor', visitorId: 'v', phone: '' }).ok).toBe(true);
  });

  it('validates login and setup', () => {
    expect(parse(loginBody, { email: 'a@b.co', password: 'x' }).ok).toBe(true);
    expect(parse(setupBody, { token: 't', email: 'a@b.co', name: 'A', password: 'short' })).toEqual({
      ok: false,
      message: 'password: A password has at least 8 characters.',
    });
  });
});

describe('paging and receipt frames', () => {
  it('pages older history HISTORY_PAGE at a time unless asked for fewer, at most MAX_HISTORY_PAGE', () => {
    expect(parse(visitorClientFrame, { t: 'older', before: 51 })).toEqual({ ok: true, value: { t: 'older', before: 51, limit: HISTORY_PAGE } });
    expect(parse(agentClientFrame, { t: 'older', conversationId: 'c1', before: 51, limit: 10 })).toMatchObject({ ok: true, value: { limit: 10 } });
    expect(parse(agentClientFrame, { t: 'older', conversationId: 'c1', before: 51, limit: MAX_HISTORY_PAGE + 1 }).ok).toBe(false);
    expect(parse(visitorClientFrame, { t: 'older', before: 0 }).ok).toBe(false);
  });

  it('takes delivered marks as whole seqs', () => {
    expect(parse(visitorClientFrame, { t: 'delivered', seq: 4 }).ok).toBe(true);
    expect(parse(agentClientFrame, { t: 'delivered', conversationId: 'c1', seq: 4 }).ok).toBe(true);
    expect(parse(visitorClientFrame, { t: 'delivered', seq: 1.5 }).ok).toBe(false);
    expect(parse(agentClientFrame, { t: 'delivered', seq: 4 }).ok).toBe(false);
  });
});

describe('agent email', () => {
  it('takes local addresses and refuses what is not an address', () => {
    expect(parse(loginBody, { email: 'admin@localhost', password: 'x' }).ok).toBe(true);
    expect(parse(loginBody, { email: 'admin', password: 'x' })).toEqual({ ok: false, message: 'email: Enter a valid email address.' });
  });
});
