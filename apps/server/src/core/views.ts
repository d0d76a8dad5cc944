/** Wire shapes (@parley/protocol) built from the store's records; whether someone is online comes from presence. */
import { type AgentAccount, type AgentNotification, avatarPath, type Agent as WireAgent, type ConversationSummary, type Message as WireMessage, type Receipts, type VisitorProfile } from '@parley/protocol';
import type { NotificationRecord } from '../ports/notification-store.ts';
import type { Agent, Conversation, ConversationRow, Message, Visitor } from '../ports/store.ts';

export function displayName(v: Pick<Visitor, 'id' | 'name' | 'email'>): string {
  return v.name ?? v.email ?? `Visitor ${v.id.slice(-4).toUpperCase()}`;
}

export function messageView(m: Message): WireMessage {
  return { id: m.id, conversationId: m.conversationId, seq: m.seq, clientId: m.clientId, author: m.author, authorName: m.agentName, event: m.event, subjectName: m.subjectName, params: m.params, text: m.text, at: m.at, email: m.email, ...(m.attachment && { attachment: m.attachment }), ...(m.call ? { call: m.call } : {}) };
}

export function receiptsView(c: Conversation): Receipts {
  return { visitorDelivered: c.visitorDeliveredSeq, visitorSeen: c.visitorSeenSeq, agentDelivered: c.agentDeliveredSeq, agentSeen: c.agentSeenSeq };
}

export function notificationView({ id, kind, conversationId, visitorName, text, at, readAt }: NotificationRecord): AgentNotification {
  return { id, kind, conversationId, visitorName, text, at, read: readAt !== null };
}

export function agentView(a: Agent): WireAgent {
  return { id: a.id, email: a.email, name: a.name, role: a.role, status: a.status, awayAfter: a.awayAfter, sound: a.sound, desktop: a.desktop, teams: a.teams, avatarUrl: a.avatar ? avatarPath(a.avatar) : null };
}

/** The agent as admins manage them. */
export function accountView(a: Agent): AgentAccount {
  return { ...agentView(a), disabled: a.disabledAt !== null, lastSeenAt: a.lastSeenAt };
}

export function profileView(v: Visitor, online: boolean): VisitorProfile {
  return {
    id: v.id,
    siteId: v.siteId,
    name: v.name,
    email: v.email,
    phone: v.phone,
    userId: v.userId,
    customerId: v.customerId,
    displayName: displayName(v),
    emailStatus: v.emailStatus,
    online,
    lastActiveAt: v.lastActiveAt,
    location: v.location,
    context: {
      page: v.page,
      referrer: v.referrer,
      firstSeenAt: v.createdAt,
      visits: v.visits,
      visitStartedAt: v.visitStartedAt,
      browser: v.browser,
      os: v.os,
      language: v.language,
      timeZone: v.timeZone,
    },
  };
}

export function summaryView(row: ConversationRow, online: boolean): ConversationSummary {
  const { conversation: c, siteSettings } = row;
  return {
    id: c.id,
    siteId: c.siteId,
    siteName: row.siteName,
    status: c.status,
    visitor: profileView(row.visitor, online),
    lastMessage: row.lastMessage ? messageView(row.lastMessage) : null,
    lastSeq: c.lastSeq,
    agents: row.agents,
    assignee: row.assignee,
    team: siteSettings.team ? { name: siteSettings.team, mode: row.teamMode ?? 'collaboration' } : null,
    missed: c.missed,
    visitorSeenSeq: c.visitorSeenSeq,
    receipts: receiptsView(c),
    waitingSince: c.waitingSince,
    urgency: c.urgency,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
