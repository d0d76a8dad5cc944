/** What a start on an empty data dir sets up: a demo site for /demo and a link that creates the first admin. */
import { randomBytes } from 'node:crypto';
import { nanoid } from 'nanoid';
import type { Store } from '../ports/store.ts';

export const SETUP_TOKEN_KEY = 'setup_token';
const SERVER_SECRET_KEY = 'server_secret';

/** The installation's own secret (reply addresses, unsubscribe links): made once, kept in the database. */
export async function serverSecret(store: Store): Promise<string> {
  let secret = await store.meta.get(SERVER_SECRET_KEY);
  if (!secret) {
    secret = randomBytes(32).toString('hex');
    await store.meta.set(SERVER_SECRET_KEY, secret);
  }
  return secret;
}

/** The origins a server answers on locally: localhost and 127.0.0.1 name the same machine. */
export function ownOrigins(publicUrl: string): string[] {
  const url = new URL(publicUrl);
  const origins = [url.origin];
  const twin = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname === '127.0.0.1' ? 'localhost' : null;
  if (twin) origins.push(`${url.protocol}//${twin}${url.port ? `:${url.port}` : ''}`);
  return origins;
}

/** Returns the lines to print: the demo site's key on creation, the setup link while no agent exists. */
export async function firstStart(store: Store, publicUrl: string): Promise<string[]> {
  const lines: string[] = [];
  const sites = await store.sites.list();
  if (sites.length === 0) {
    const demo = await store.sites.create({ name: 'Demo shop', origins: ownOrigins(publicUrl), isDemo: true });
    lines.push(`Created the demo site (key ${demo.key}): ${publicUrl}/demo`);
  }
  if ((await store.agents.count()) === 0) {
    let token = await store.meta.get(SETUP_TOKEN_KEY);
    if (!token) {
      token = nanoid(24);
      await store.meta.set(SETUP_TOKEN_KEY, token);
    }
    lines.push(`No agent yet. Create the first admin at ${publicUrl}/console/setup?token=${token}`);
  }
  return lines;
}
