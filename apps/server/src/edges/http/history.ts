/**
 * History over HTTP for signed-in agents: a page of a search (`GET /api/history`), and the export
 * of every conversation it finds with their transcripts (`GET /api/history/export?format=csv|json`),
 * streamed: a page of conversations is read from the store only when the client has taken the
 * one before, so an export of any size holds one page in memory.
 */
import { historyParams, parse } from '@parley/protocol';
import { type Context, Hono } from 'hono';
import { AppError } from '../../core/errors.ts';
import type { Core } from '../../core/index.ts';
import { EXPORT_WRITERS } from './export-format.ts';
import { type AgentEnv, requireAgent } from './session.ts';

function readParams(c: Context) {
  const parsed = parse(historyParams, c.req.query());
  if (!parsed.ok) throw new AppError('bad_request', parsed.message);
  return parsed.value;
}

export function historyRoutes(core: Core) {
  const app = new Hono<AgentEnv>();
  app.use('/history', requireAgent(core));
  app.use('/history/*', requireAgent(core));

  app.get('/history', async (c) => {
    const { query, after } = readParams(c);
    return c.json(await core.history.search(c.get('agent'), query, after));
  });

  app.get('/history/export', (c) => {
    const { query, format } = readParams(c);
    const writer = EXPORT_WRITERS[format];
    const pages = core.history.export(c.get('agent'), query);
    const encoder = new TextEncoder();
    let first = true;
    const body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => controller.enqueue(encoder.encode(writer.start)),
        async pull(controller) {
          const { done, value } = await pages.next();
          if (done) {
            controller.enqueue(encoder.encode(writer.end));
            controller.close();
            return;
          }
          const text = value.map((conversation) => {
            const piece = writer.conversation(conversation, first);
            first = false;
            return piece;
          });
          controller.enqueue(encoder.encode(text.join('')));
        },
        // The client went away: stop reading pages.
        cancel: async () => void (await pages.return(undefined)),
      },
      // Nothing read ahead: the next page waits until the socket took the last.
      { highWaterMark: 0 },
    );
    const day = new Date(core.ctx.clock.now()).toISOString().slice(0, 10);
    return c.body(body, 200, {
      'content-type': writer.contentType,
      'content-disposition': `attachment; filename="parley-history-${day}.${writer.extension}"`,
      'cache-control': 'no-store',
    });
  });

  return app;
}
