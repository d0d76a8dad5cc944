/**
 * The console's conversation list as both ends read it: its views and status filters, what a page
 * asks for, the order pages come in, and the one predicate a live conversation is placed by. The
 * server's SQL (the SQLite adapter's list-query.ts) follows the same rules over stored columns.
 */
import * as v from 'valibot';
import type { ConversationSummary } from './model.ts';
import { LIST_STATUSES, type ListStatus, STATUS_RULES, statusFacts } from './status.ts';
import { cleanString } from './text.ts';

/** In the order the console shows them; 'all' is every conversation the agent may see. */
export const LIST_VIEWS = ['all', 'joined', 'mine', 'unassigned'] as const;
export type ListView = (typeof LIST_VIEWS)[number];

export const VIEW_LABELS: Readonly<Record<ListView, string>> = { all: 'All', joined: 'Joined', mine: 'Mine', unassigned: 'Unassigned' };

/** How many conversations a page holds. */
export const LIST_PAGE_SIZE = 50;

/** A console's counts lag the conversation changes it hears by at most this: a burst of changes is one recount. */
export const COUNTS_REFRESH_MS = 250;

/** What the list shows: a view, at most one status, and optionally one team's and one site's conversations. */
export interface ListQuery {
  view: ListView;
  status: ListStatus | null;
  /** A team's name: the conversations of the sites routed to it. */
  team: string | null;
  site: string | null;
}

export const DEFAULT_LIST_QUERY: ListQuery = { view: 'all', status: null, team: null, site: null };

/**
 * Where a page ends, in the list's order: the next page starts after it. `waitingSince` is the
 * conversation's waiting key (waitingKey), null when nobody waits.
 */
export interface ListCursor {
  waitingSince: number | null;
  updatedAt: number;
  id: string;
}

/** A site as the Site filter offers it. */
export interface SiteRef {
  id: string;
  name: string;
}

/** Each view's and each status's count: how many the list shows when that button is picked, the other choices kept. */
export interface ListCounts {
  views: Record<ListView, number>;
  statuses: Record<ListStatus, number>;
}

const name = v.pipe(cleanString(), v.minLength(1), v.maxLength(64));
const time = v.pipe(v.number(), v.integer(), v.minValue(0));

/** The fields of the console's `list` frame; `after` asks for the page after that cursor. */
export const listRequest = {
  view: v.picklist(LIST_VIEWS),
  status: v.optional(v.picklist(LIST_STATUSES)),
  team: v.optional(name),
  site: v.optional(name),
  after: v.optional(v.object({ waitingSince: v.nullable(time), updatedAt: time, id: name })),
};

/** A customer waits: the conversation is open and its latest customer message unanswered. What the order puts first. */
export function waitingKey(summary: Pick<ConversationSummary, 'status' | 'waitingSince'>): number | null {
  return summary.status === 'open' ? summary.waitingSince : null;
}

export function cursorOf(summary: ConversationSummary): ListCursor {
  return { waitingSince: waitingKey(summary), updatedAt: summary.updatedAt, id: summary.id };
}

/** Who has waited longest first, then the newest activity; the id breaks ties, so the order never flickers. */
export function compareCursors(a: ListCursor, b: ListCursor): number {
  const wa = a.waitingSince;
  const wb = b.waitingSince;
  if (wa !== wb) return wa === null ? 1 : wb === null ? -1 : wa - wb;
  return b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The list's order, the one the server pages in. */
export function compareListed(a: ConversationSummary, b: ConversationSummary): number {
  return compareCursors(cursorOf(a), cursorOf(b));
}

/** Whether the conversation has the status: the status module's rule, the one the server's SQL follows. */
export function hasStatus(summary: ConversationSummary, status: ListStatus): boolean {
  return STATUS_RULES[status](statusFacts(summary));
}

export function inView(summary: ConversationSummary, view: ListView, agentId: string): boolean {
  switch (view) {
    case 'all':
      return true;
    case 'joined':
      return summary.agents.some((a) => a.id === agentId);
    case 'mine':
      return summary.assignee?.id === agentId;
    case 'unassigned':
      return summary.assignee === null;
  }
}

/** Whether the conversation belongs in the list the query asks for, as the agent `agentId` sees it. */
export function matchesQuery(summary: ConversationSummary, query: ListQuery, agentId: string): boolean {
  return (
    inView(summary, query.view, agentId) &&
    (query.status === null || hasStatus(summary, query.status)) &&
    (query.team === null || summary.team?.name === query.team) &&
    (query.site === null || summary.siteId === query.site)
  );
}

export function sameQuery(a: ListQuery, b: ListQuery): boolean {
  return a.view === b.view && a.status === b.status && a.team === b.team && a.site === b.site;
}
