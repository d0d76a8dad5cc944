/**
 * Files over HTTP. Uploads: the console's (session cookie, from our own origin) at
 * /api/conversations/:id/files, the widget's (the visitor's token, from the site's allowed origins,
 * CORS for those only) at VISITOR_UPLOAD_PATH; the body is the file's bytes, read only after the
 * sender and their limits are checked and refused as soon as it passes the site's size. Downloads
 * at FILES_PATH/:id: the agent by cookie, the visitor by token and `?site=`; anyone else gets 404.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { FILES_PATH, humanSize, MAX_CLIENT_ID_LENGTH, SITE_PARAM, UPLOAD_CONTENT_TYPE, VISITOR_UPLOAD_PATH } from '@parley/protocol';
import { type Context, Hono } from 'hono';
import { AppError } from '../../core/errors.ts';
import type { StoredFile, Upload } from '../../core/files.ts';
import type { Core } from '../../core/index.ts';
import { messageView } from '../../core/views.ts';
import type { Site } from '../../ports/store.ts';
import { clientAddress } from '../client-address.ts';
import { admitVisitor } from '../visitor-admission.ts';
import { fileHeaders } from './file-response.ts';
import { requireSameOrigin } from './same-origin.ts';
import { agentFromCookieHeader, type AgentEnv, requireAgent } from './session.ts';

/** The paths app.ts exempts from its JSON-only CSRF check and its small body limit: these check both themselves. */
export const UPLOAD_PATHS = ['/api/conversations/:id/files', VISITOR_UPLOAD_PATH];

const isBytes = (type: string | undefined) => type?.split(';')[0]!.trim().toLowerCase() === UPLOAD_CONTENT_TYPE;

/** The body, chunk by chunk, never more than `maxBytes` of it held: past that the rest is not read. */
export function bodyOf(c: Context): Upload['read'] {
  return async function readUpload(maxBytes) {
    const tooBig = () => {
      // The unread rest of the body is never taken in, so this connection cannot carry another request.
      c.header('connection', 'close');
      return new AppError('payload_too_large', `Files are limited to ${humanSize(maxBytes)} here.`);
    };
    if (Number(c.req.header('content-length') ?? 0) > maxBytes) throw tooBig();
    const body = c.req.raw.body;
    if (!body) return new Uint8Array();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength;
      if (total > maxBytes) throw tooBig();
      chunks.push(chunk);
    }
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.byteLength;
    }
    return bytes;
  };
}

function upload(c: Context, trustProxy: number): Upload {
  if (!isBytes(c.req.header('content-type'))) throw new AppError('unsupported_media_type', `Send the file's bytes as the body, with Content-Type: ${UPLOAD_CONTENT_TYPE}.`);
  const clientId = c.req.query('clientId') ?? '';
  const name = c.req.query('name') ?? '';
  if (!clientId || clientId.length > MAX_CLIENT_ID_LENGTH) throw new AppError('bad_request', `clientId is required, at most ${MAX_CLIENT_ID_LENGTH} characters.`);
  if (name.length > 1000) throw new AppError('bad_request', 'name is at most 1000 characters.');
  const ip = clientAddress({ socketAddress: getConnInfo(c).remote.address, forwardedFor: c.req.header('x-forwarded-for'), trustProxy });
  return { clientId, name, ip, read: bodyOf(c) };
}

const bearer = (c: Context) => c.req.header('authorization')?.match(/^Bearer ([\w-]{1,200})$/)?.[1] ?? null;

/** CORS for the site's allowed origins only; other pages get no header, so their scripts read nothing. */
function allowOrigin(c: Context, site: Site | null) {
  c.header('vary', 'Origin');
  const origin = c.req.header('origin');
  if (site && origin && site.origins.includes(origin)) {
    c.header('access-control-allow-origin', origin);
    return true;
  }
  return false;
}

function serve(c: Context, file: StoredFile) {
  return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, fileHeaders(file.attachment));
}

export function fileRoutes(core: Core, options: { publicUrl: string; trustProxy: number }) {
  const app = new Hono<AgentEnv>();
  const siteOf = async (c: Context) => {
    const key = c.req.query(SITE_PARAM);
    return key ? core.sites.byKey(key) : null;
  };

  app.post('/conversations/:id/files', requireSameOrigin({ publicUrl: options.publicUrl, body: 'bytes' }), requireAgent(core), async (c) => {
    const appended = await core.files.sendAgentFile(c.get('agent'), c.req.param('id'), upload(c, options.trustProxy));
    return c.json({ message: messageView(appended.message) }, appended.created ? 201 : 200);
  });

  // The widget's token goes in Authorization, which makes the browser ask first.
  const preflight = (methods: string) => async (c: Context) => {
    if (!allowOrigin(c, await siteOf(c))) return c.body(null, 204);
    c.header('access-control-allow-methods', methods);
    c.header('access-control-allow-headers', 'authorization, content-type');
    c.header('access-control-max-age', '600');
    return c.body(null, 204);
  };
  const visitorUpload = VISITOR_UPLOAD_PATH.slice('/api'.length);
  app.options(visitorUpload, preflight('POST'));
  app.post(visitorUpload, async (c) => {
    const admission = await admitVisitor(core, c.req.query(SITE_PARAM), c.req.header('origin'));
    if (!admission.ok) throw new AppError(admission.code, admission.message);
    allowOrigin(c, admission.site);
    const appended = await core.files.sendVisitorFile(admission.site, bearer(c), upload(c, options.trustProxy));
    return c.json({ message: messageView(appended.message) }, appended.created ? 201 : 200);
  });

  const download = `${FILES_PATH.slice('/api'.length)}/:id`;
  app.options(download, preflight('GET'));
  app.get(download, async (c) => {
    const id = c.req.param('id') ?? '';
    if (c.req.query(SITE_PARAM) !== undefined) {
      const site = await siteOf(c);
      allowOrigin(c, site);
      if (!site) throw new AppError('not_found', 'No such file.');
      return serve(c, await core.files.visitorFile(site, bearer(c), id));
    }
    const session = await agentFromCookieHeader(core, c.req.header('cookie'));
    if (!session) throw new AppError('not_found', 'No such file.');
    return serve(c, await core.files.agentFile(session.agent, id));
  });

  return app;
}
