/**
 * Agents' photos over HTTP: the signed-in agent puts theirs at MY_AVATAR_PATH (the image's bytes
 * as the body, from our own origin) or removes it; anyone reads one at AVATARS_PATH/:name with no
 * cookie, since a visitor's widget on any site shows it (security-headers.ts lets other sites embed it).
 */
import { AVATARS_PATH, MY_AVATAR_PATH, UPLOAD_CONTENT_TYPE } from '@parley/protocol';
import { Hono } from 'hono';
import { AppError } from '../../core/errors.ts';
import type { Core } from '../../core/index.ts';
import { agentView } from '../../core/views.ts';
import { bodyOf } from './files.ts';
import { requireSameOrigin } from './same-origin.ts';
import { type AgentEnv, requireAgent } from './session.ts';

/** The name never names other bytes: each upload gets a new one. */
const FOREVER = 'public, max-age=31536000, immutable';

export function avatarRoutes(core: Core, options: { publicUrl: string }) {
  const app = new Hono<AgentEnv>();
  app.on(['PUT', 'DELETE'], MY_AVATAR_PATH, requireSameOrigin({ publicUrl: options.publicUrl, body: 'bytes' }), requireAgent(core));

  app.put(MY_AVATAR_PATH, async (c) => {
    if (c.req.header('content-type')?.split(';')[0]!.trim().toLowerCase() !== UPLOAD_CONTENT_TYPE) {
      throw new AppError('unsupported_media_type', `Send the image's bytes as the body, with Content-Type: ${UPLOAD_CONTENT_TYPE}.`);
    }
    return c.json({ agent: agentView(await core.avatars.set(c.get('agent'), bodyOf(c))) });
  });

  app.delete(MY_AVATAR_PATH, async (c) => c.json({ agent: agentView(await core.avatars.remove(c.get('agent'))) }));

  app.get(`${AVATARS_PATH}/:name`, async (c) => {
    const photo = await core.avatars.read(c.req.param('name'));
    return c.body(photo.bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': photo.type, 'content-length': String(photo.bytes.byteLength), 'cache-control': FOREVER });
  });

  return app;
}
