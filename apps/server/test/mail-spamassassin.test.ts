import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';
import { FAST_MAIL, leftVisitor, mailSite, reply, until } from './mail-harness.ts';

/** `spamassassin -L -t`: local rules only (no network tests), the report appended; the score is in X-Spam-Status. */
function spamScore(raw: string): { score: number; report: string } {
  const run = spawnSync('spamassassin', ['-L', '-t'], { input: raw, encoding: 'utf8', timeout: 60_000 });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('SpamAssassin is not installed: run `apt-get install -y spamassassin` (.ci/run installs it when it is missing).');
  }
  const status = /^X-Spam-Status: (?:Yes|No), score=(-?\d+(?:\.\d+)?)[^]*?(?=^\S)/m.exec(run.stdout);
  if (!status) throw new Error(`spamassassin printed no X-Spam-Status: ${run.stderr || run.stdout.slice(0, 500)}`);
  return { score: Number(status[1]), report: status[0] };
}

let server: TestServer;
afterEach(() => server.destroy());

/** A realistic fallback email, as the embedded default writes it to the data dir. */
async function fallbackEmail(env: Record<string, string>): Promise<string> {
  server = await startTestServer(undefined, env, FAST_MAIL);
  const { site, agent } = await mailSite(server, 0);
  const { conversationId } = await leftVisitor(server, site, { email: 'ada.lovelace@example.com', name: 'Ada Lovelace' }, 'Hi, do you ship the speckled mug to Norway?');
  await reply(agent, conversationId, 'Hi Ada, yes we do! Shipping to Norway takes 3–5 working days.');
  await reply(agent, conversationId, 'You can see the rates here: https://shop.example/shipping');
  agent.close();
  const outbox = join(server.dataDir, 'outbox');
  await until(() => {
    try {
      return readdirSync(outbox).some((f) => f.endsWith('.eml'));
    } catch {
      return false;
    }
  });
  const [file] = readdirSync(outbox).filter((f) => f.endsWith('.eml'));
  return readFileSync(join(outbox, file!), 'utf8');
}

describe('SpamAssassin', () => {
  it('scores a fallback email from a configured installation well under 2 points', { timeout: 90_000 }, async () => {
    const raw = await fallbackEmail({
      MAIL_FROM: 'Shop support <support@shop.example>',
      PARLEY_PUBLIC_URL: 'https://chat.shop.example',
      PARLEY_INBOUND_SMTP_PORT: '0',
    });
    const { score, report } = spamScore(raw);
    console.log(`SpamAssassin, configured: ${score}\n${report}`);
    expect(score, report).toBeLessThan(2);
  });

  it('scores one from the defaults (no-reply@localhost) under 2 points as well', { timeout: 90_000 }, async () => {
    const { score, report } = spamScore(await fallbackEmail({}));
    console.log(`SpamAssassin, defaults: ${score}\n${report}`);
    expect(score, report).toBeLessThan(2);
  });
});
