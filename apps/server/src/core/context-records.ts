/**
 * Context records: what a shop's page (`Parley('context', …)`) or an agent attaches to a visitor's
 * conversation, such as an order or a cart; one per type and id, at most MAX_CONTEXT_RECORDS. They
 * are kept with the visitor, whose one thread the conversation is, so a page may attach them before
 * the visitor ever writes (no empty conversation is made for it). Agents who see the visitor see them.
 */
import { type ContextRecord, type ContextRecordFields, MAX_CONTEXT_RECORDS } from '@parley/protocol';
import type { ContextRecordRow } from '../ports/outreach-store.ts';
import type { Agent, Site } from '../ports/store.ts';
import { visibleVisitor } from './access.ts';
import type { Context } from './context.ts';
import { AppError } from './errors.ts';
import { createVisitorLimits } from './visitor-limits.ts';

export const contextRecordView = ({ type, id, label, url, agentName, agentId, at }: ContextRecordRow): ContextRecord => ({ type, id, label, url, addedBy: agentId ? (agentName ?? 'An agent') : null, at });

export type ContextRecords = ReturnType<typeof createContextRecords>;

export function createContextRecords(ctx: Context) {
  const { store, dispatch, clock } = ctx;
  const limits = createVisitorLimits(ctx);

  const put = async (site: Site, visitorId: string, fields: ContextRecordFields, agentId: string | null) => {
    const stored = await store.contextRecords.put({ visitorId, type: fields.type, id: fields.id, label: fields.label, url: fields.url ?? null, agentId, at: clock.now() }, MAX_CONTEXT_RECORDS);
    if (!stored) throw new AppError('not_allowed', `A conversation holds at most ${MAX_CONTEXT_RECORDS} context records: remove one first.`);
    await dispatch.emit([{ type: 'contexts', visitorId, site }]);
  };

  return {
    /** From the visitor's page: the site vouches for nothing here, so it is shown as the page's, never as an agent's. */
    async fromPage(site: Site, visitorId: string, fields: ContextRecordFields) {
      await limits.contextRecord(visitorId);
      await put(site, visitorId, fields, null);
    },

    async list(agent: Agent, visitorId: string): Promise<ContextRecord[]> {
      await visibleVisitor(store, agent, visitorId);
      return (await store.contextRecords.of(visitorId)).map(contextRecordView);
    },

    async add(agent: Agent, visitorId: string, fields: ContextRecordFields) {
      const { site } = await visibleVisitor(store, agent, visitorId);
      await put(site, visitorId, fields, agent.id);
    },

    async remove(agent: Agent, visitorId: string, type: string, id: string) {
      const { site } = await visibleVisitor(store, agent, visitorId);
      if (!(await store.contextRecords.remove(visitorId, type, id))) throw new AppError('not_found', `No context record ${type} ${id} on this conversation.`);
      await dispatch.emit([{ type: 'contexts', visitorId, site }]);
    },
  };
}
