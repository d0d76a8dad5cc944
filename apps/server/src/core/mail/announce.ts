/** Telling agents what happened to emails, and stopping mail to a visitor who unsubscribed or bounced. */
import type { EmailStatus } from '@parley/protocol';
import type { EmailChange } from '../../ports/mail-store.ts';
import type { Context } from '../context.ts';
import type { DomainEvent } from '../events.ts';

/** Each change goes to the agents who see its conversation. */
export async function announceEmails({ store, dispatch }: Pick<Context, 'store' | 'dispatch'>, changes: readonly EmailChange[]): Promise<void> {
  const events: DomainEvent[] = [];
  for (const change of changes) {
    const conversation = await store.conversations.byId(change.conversationId);
    const site = conversation ? await store.sites.byId(conversation.siteId) : null;
    if (site) events.push({ type: 'email', change, site });
  }
  await dispatch.emit(events);
}

/** Their queued emails fail with the reason; agents see the failed emails and the visitor's new email status. */
export async function stopMailTo(ctx: Pick<Context, 'store' | 'dispatch'>, visitorId: string, reason: Exclude<EmailStatus, 'ok'>): Promise<void> {
  const { conversationIds, failed } = await ctx.store.mail.setEmailStatus(visitorId, reason);
  await announceEmails(ctx, failed);
  const visitor = await ctx.store.visitors.byId(visitorId);
  const site = visitor ? await ctx.store.sites.byId(visitor.siteId) : null;
  if (site) await ctx.dispatch.emit(conversationIds.map((conversationId) => ({ type: 'conversation', conversationId, site })));
}
