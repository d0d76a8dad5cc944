/** What a start on an empty data dir sets up: a demo site for /demo and a link that creates the first admin. */
import { randomBytes } from 'node:crypto';
import { nanoid } from 'nanoid';
import type { Store } from '../ports/store.ts';

export const SETUP_TOKEN_KEY = 'setup_token';
const SERVER_SECRET_KEY = 'server_secret';
/** Written by the first start that makes the demo site, in the same transaction. */
const DEMO_SITE_KEY = 'demo_site';

/** The installation's own secret (reply addresses, unsubscribe links): made once, kept in the database, the same on every node. */
export function serverSecret(store: Store): Promise<string> {
  return store.meta.setIfAbsent(SERVER_SECRET_KEY, randomBytes(32).toString('hex'));
}

/** The origins a server answers on locally: localhost and 127.0.0.1 name the same machine. */
export function ownOrigins(publicUrl: string): string[] {
  const url = new URL(publicUrl);
  const origins = [url.origin];
  const twin = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname === '127.0.0.1' ? 'localhost' : null;
  if (twin) origins.push(`${url.protocol}//${twin}${url.port ? `:${url.port}` : ''}`);
  return origins;
}

/**
 * Returns the lines to print: the demo site's key on creation, the setup link while no agent exists.
 * Nodes starting at the same moment make each thing once: of the racing writes of a key, one wins
 * and the others read its value.
 */
export function firstStart(store: Store, publicUrl: string): Promise<string[]> {
  return store.transaction(async (tx) => {
    const lines: string[] = [];
    const claim = nanoid();
    if ((await tx.meta.setIfAbsent(DEMO_SITE_KEY, claim)) === claim && (await tx.sites.list()).length === 0) {
      const demo = await tx.sites.create({ name: 'Demo shop', origins: ownOrigins(publicUrl), isDemo: true });
      lines.push(`Created the demo site (key ${demo.key}): ${publicUrl}/demo`);
    }
    if ((await tx.agents.count()) === 0) {
      const token = await tx.meta.setIfAbsent(SETUP_TOKEN_KEY, nanoid(24));
      lines.push(`No agent yet. Create the first admin at ${publicUrl}/console/setup?token=${token}`);
    }
    return lines;
  });
}
