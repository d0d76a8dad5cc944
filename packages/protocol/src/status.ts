/**
 * The one status rule: which of the list's statuses a conversation has, and how far a wait has come.
 * The server's list filters (SQL over the same columns) and the console (over a summary) both follow it.
 */
import type { Urgency } from './constants.ts';
import type { ConversationSummary } from './model.ts';

/** In the order the console offers them as filters. A conversation may have several ("Rep needed" and "Overdue"). */
export const LIST_STATUSES = ['online', 'rep-needed', 'pending', 'soon', 'overdue', 'closed', 'missed'] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];

/** The words agents read, in the list, the header and the filters. */
export const STATUS_LABELS: Readonly<Record<ListStatus, string>> = {
  online: 'Online',
  'rep-needed': 'Rep needed',
  pending: 'Pending',
  soon: 'Soon',
  overdue: 'Overdue',
  closed: 'Closed',
  missed: 'Missed',
};

/** What the rule reads: a summary's fields, or a stored conversation's columns and the visitor's presence. */
export interface StatusFacts {
  status: ConversationSummary['status'];
  /** conversations.waiting_since: set from the customer's first unanswered message until the site's side answers. */
  waitingSince: number | null;
  /** conversations.urgency. */
  urgency: Urgency;
  /** conversations.missed. */
  missed: boolean;
  /** Agents in the conversation now: conversations.agent_count. */
  agentCount: number;
  /** The visitor has a tab open now: presence, not a column. */
  online: boolean;
}

/** Each status's predicate, so a filter can test one without deriving them all. */
export const STATUS_RULES: Readonly<Record<ListStatus, (c: StatusFacts) => boolean>> = {
  /** The customer is on the site now (presence): `online`. */
  online: (c) => c.online,
  /** The customer wrote, waits, and no agent is in it: `status = 'open' AND waiting_since IS NOT NULL AND agent_count = 0`. */
  'rep-needed': (c) => c.status === 'open' && c.waitingSince !== null && c.agentCount === 0,
  /** Agents are in it, the customer's latest message unanswered: `status = 'open' AND waiting_since IS NOT NULL AND agent_count > 0`. */
  pending: (c) => c.status === 'open' && c.waitingSince !== null && c.agentCount > 0,
  /** The wait passed the site's soonAfter, not yet its overdueAfter: `status = 'open' AND urgency = 'soon'`. */
  soon: (c) => c.status === 'open' && c.urgency === 'soon',
  /** The wait passed the site's overdueAfter: `status = 'open' AND urgency = 'overdue'`. */
  overdue: (c) => c.status === 'open' && c.urgency === 'overdue',
  /** Closed by an agent or automatically: `status = 'closed'`. */
  closed: (c) => c.status === 'closed',
  /** Came in while no agent could answer, not yet followed up by an agent's message: `missed = 1`. */
  missed: (c) => c.missed,
};

export function statusFacts(summary: ConversationSummary): StatusFacts {
  const { status, waitingSince, urgency, missed, agents, visitor } = summary;
  return { status, waitingSince, urgency, missed, agentCount: agents.length, online: visitor.online };
}

/** The statuses a conversation has now, in LIST_STATUSES order. */
export function statusesOf(summary: ConversationSummary): ListStatus[] {
  const facts = statusFacts(summary);
  return LIST_STATUSES.filter((status) => STATUS_RULES[status](facts));
}

/** The urgency a wait started at `waitingSince` has reached at `now`; thresholds in seconds, as the site's settings. */
export function urgencyAt(waitingSince: number, thresholds: { soonAfter: number; overdueAfter: number }, now: number): Urgency {
  const waited = now - waitingSince;
  if (waited >= thresholds.overdueAfter * 1000) return 'overdue';
  return waited >= thresholds.soonAfter * 1000 ? 'soon' : 'none';
}

/** When that wait next changes urgency after `now`; null once it is overdue. */
export function nextUrgencyAt(waitingSince: number, thresholds: { soonAfter: number; overdueAfter: number }, now: number): number | null {
  const marks = [thresholds.soonAfter, thresholds.overdueAfter].map((seconds) => waitingSince + seconds * 1000).filter((at) => at > now);
  return marks.length === 0 ? null : Math.min(...marks);
}
