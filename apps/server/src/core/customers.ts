/**
 * Customers: a primary visitor and the visitors agents linked to it (the same person on another
 * device). Searching them, a customer's page (details, conversations, log), linking, log entries;
 * and the transcript events that record a change of details or a link.
 */
import { CUSTOMER_PAGE_SIZE, DETAIL_FIELDS, type CustomerDetails, type CustomerListItem, type CustomerRecord, type LogEntry, type LogEntryInput, maySeeConversation } from '@parley/protocol';
import type { Agent, CustomerCursor, LogEntryRecord, Site, StoreTx, Visitor } from '../ports/store.ts';
import { routedConversation, visibleVisitor } from './access.ts';
import { visibleSiteIds } from './audience.ts';
import type { Context } from './context.ts';
import { AppError } from './errors.ts';
import type { DomainEvent } from './events.ts';
import { displayName, profileView } from './views.ts';
import type { Visitors } from './visitors.ts';

/**
 * One 'details' transcript event per field that changed, in the visitor's conversation (none
 * before they have one). `agent` null: the visitor gave it (identify, the offline form).
 */
export async function recordDetails(tx: StoreTx, site: Site, before: Visitor, after: Visitor, agent: Agent | null, at: number): Promise<DomainEvent[]> {
  const changed = DETAIL_FIELDS.filter((field) => before[field] !== after[field]);
  const conversation = changed.length > 0 ? await tx.conversations.ofVisitor(after.id) : null;
  if (!conversation) return [];
  const events: DomainEvent[] = [];
  for (const field of changed) {
    const message = await tx.messages.recordEvent(conversation.id, { event: 'details', agentId: agent?.id ?? null, params: { field, value: after[field] }, at });
    events.push({ type: 'transcript', message, conversation, site });
  }
  return events;
}

const logView = ({ agentId: _agentId, ...entry }: LogEntryRecord): LogEntry => entry;

/** The list's cursor as the wire carries it: opaque to the console. */
const encodeCursor = ({ createdAt, id }: CustomerCursor) => `${createdAt}.${id}`;
function decodeCursor(text: string | undefined): CustomerCursor | null {
  const match = text ? /^(\d+)\.(.+)$/.exec(text) : null;
  if (text && !match) throw new AppError('bad_request', 'after is the next value of the previous page.');
  return match ? { createdAt: Number(match[1]), id: match[2]! } : null;
}

export type Customers = ReturnType<typeof createCustomers>;

export function createCustomers(ctx: Context, visitors: Visitors) {
  const { store, presence, dispatch, clock } = ctx;

  /** The customer a visitor belongs to, if the agent may see its site: a linked visitor's id leads to its primary. */
  const visibleCustomer = async (agent: Agent, id: string) => {
    const { visitor, site } = await visibleVisitor(store, agent, id);
    return { primaryId: visitor.customerId ?? visitor.id, site };
  };

  const record = async (agent: Agent, id: string): Promise<CustomerRecord> => {
    const { primaryId, site } = await visibleCustomer(agent, id);
    const members = await store.customers.members(primaryId);
    const visitors = await Promise.all(members.map(async (v) => profileView(v, (await presence.count('visitor', v.id)) > 0)));
    const conversations = [];
    for (const conversation of await store.customers.conversations(primaryId)) {
      const { route } = await routedConversation(store, conversation, site);
      if (!maySeeConversation(agent, route)) continue;
      const { id: conversationId, visitorId, status, lastSeq, createdAt, updatedAt } = conversation;
      conversations.push({ id: conversationId, visitorId, status, lastSeq, createdAt, updatedAt });
    }
    return { id: primaryId, siteId: site.id, siteName: site.name, visitors, conversations, log: (await store.customers.log(primaryId)).map(logView) };
  };

  return {
    /** A page of the customers on the sites this agent sees, newest first; `next` while more follow. */
    async search(agent: Agent, input: { q: string; after?: string }): Promise<{ customers: CustomerListItem[]; next: string | null }> {
      const sites = await store.sites.list();
      const names = new Map(sites.map((site) => [site.id, site.name]));
      const rows = await store.customers.search({ siteIds: visibleSiteIds(agent, sites), q: input.q, after: decodeCursor(input.after), limit: CUSTOMER_PAGE_SIZE + 1 });
      const page = rows.slice(0, CUSTOMER_PAGE_SIZE);
      const last = page.at(-1)?.visitor;
      return {
        customers: page.map(({ visitor: v, linked }) => ({ id: v.id, siteId: v.siteId, siteName: names.get(v.siteId) ?? '', displayName: displayName(v), name: v.name, email: v.email, phone: v.phone, linked, createdAt: v.createdAt })),
        next: rows.length > CUSTOMER_PAGE_SIZE && last ? encodeCursor(last) : null,
      };
    },

    record,

    /** The primary visitor's details, edited as the visitor panel edits them (each change a transcript event). */
    async edit(agent: Agent, id: string, details: CustomerDetails): Promise<CustomerRecord> {
      const { primaryId } = await visibleCustomer(agent, id);
      await visitors.edit(agent, primaryId, details);
      return record(agent, primaryId);
    },

    async addLog(agent: Agent, id: string, input: LogEntryInput): Promise<LogEntry> {
      const { primaryId } = await visibleCustomer(agent, id);
      const entry = await store.customers.addLog({ customerId: primaryId, agentId: agent.id, kind: input.kind, minutes: input.minutes ?? null, text: input.text, at: clock.now() });
      return logView(entry);
    },

    /**
     * The visitor is the customer `customerId` on another device: it (with whoever was linked to
     * it) joins that customer, both histories kept; each side's conversation records the link.
     */
    async link(agent: Agent, visitorId: string, customerId: string): Promise<CustomerRecord> {
      const { visitor, site } = await visibleVisitor(store, agent, visitorId);
      const target = await visibleVisitor(store, agent, customerId);
      if (target.site.id !== site.id) throw new AppError('not_allowed', 'A visitor can be linked only to a customer of the same site.');
      const primaryId = target.visitor.customerId ?? target.visitor.id;
      if (primaryId === visitor.id) throw new AppError('not_allowed', visitor.id === customerId ? 'A visitor cannot be linked to themselves.' : 'That customer is linked to this visitor already: link them the other way round.');
      if (visitor.customerId === primaryId) throw new AppError('conflict', 'This visitor is linked to that customer already.');
      const primary = primaryId === target.visitor.id ? target.visitor : await store.visitors.byId(primaryId);
      if (!primary) throw new AppError('not_found', `No visitor has the id ${customerId}.`);
      const events = await store.transaction(async (tx) => {
        if (!(await tx.customers.link(visitor.id, primaryId))) throw new AppError('conflict', 'The customer changed meanwhile (linked elsewhere); try again.');
        const at = clock.now();
        const params = { visitorName: displayName(visitor), customerName: displayName(primary) };
        const recorded: DomainEvent[] = [];
        for (const id of [visitor.id, primaryId]) {
          const conversation = await tx.conversations.ofVisitor(id);
          if (!conversation) continue;
          const message = await tx.messages.recordEvent(conversation.id, { event: 'linked', agentId: agent.id, params, at });
          recorded.push({ type: 'transcript', message, conversation, site });
        }
        return recorded;
      });
      await dispatch.emit([...events, { type: 'visitor', visitorId: visitor.id, site }]);
      return record(agent, primaryId);
    },
  };
}
