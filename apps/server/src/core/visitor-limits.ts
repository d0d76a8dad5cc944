/**
 * What one visitor, one address and one site may start, counted through the RateLimiter port so
 * that every node shares the counts. Past a limit the core raises rate_limited with the time to
 * wait; nothing was stored, so the client keeps what it sent and tries again then.
 */
import { MESSAGES_PER_HOUR_WINDOW_MS, NEW_CONVERSATIONS_WINDOW_MS, NEW_VISITORS_WINDOW_MS } from '@parley/protocol';
import type { RateDecision, RateRule } from '../ports/rate-limiter.ts';
import type { Site } from '../ports/store.ts';
import type { Context } from './context.ts';
import { AppError } from './errors.ts';

/** An IPv6 host holds a whole /64: counting single addresses there would count nothing. */
function addressKey(ip: string): string {
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const groups = head ? head.split(':') : [];
  const rest = tail ? tail.split(':') : [];
  const full = [...groups, ...Array<string>(8 - groups.length - rest.length).fill('0'), ...rest];
  return `${full.slice(0, 4).join(':')}::/64`;
}

export function createVisitorLimits({ limiter, clock }: Pick<Context, 'limiter' | 'clock'>) {
  /**
   * Counts one event under every rule (a limit of 0 is none), or under none: the rules after the
   * first are peeked before any is taken. Another tab may take the last place in between; take
   * still refuses then, and at worst an earlier rule counted one event too many.
   */
  const take = async (rules: [key: string, rule: RateRule][], message: string) => {
    const now = clock.now();
    const active = rules.filter(([, rule]) => rule.limit > 0);
    for (const [key, rule] of active.slice(1)) refuseIfOver(await limiter.peek(key, rule, now), message);
    for (const [key, rule] of active) refuseIfOver(await limiter.take(key, rule, now), message);
  };

  return {
    /** A message from the widget: a burst, then a steady rate per hour. */
    message(site: Site, visitorId: string) {
      const { messageBurst, burstWindow, messagesPerHour } = site.settings;
      return take(
        [
          [`messages:${visitorId}`, { limit: messageBurst, windowMs: burstWindow * 1000 }],
          [`messages-hour:${visitorId}`, { limit: messagesPerHour, windowMs: MESSAGES_PER_HOUR_WINDOW_MS }],
        ],
        "You're sending messages quickly: this one waits a moment.",
      );
    },

    /** A hello that makes a new visitor; an unknown address (a closed socket) is not counted. */
    newVisitor(site: Site, ip: string | null) {
      if (ip === null) return Promise.resolve();
      return take(
        [[`new-visitors:${site.id}:${addressKey(ip)}`, { limit: site.settings.newVisitors, windowMs: NEW_VISITORS_WINDOW_MS }]],
        'Too many new chats from this address: try again later.',
      );
    },

    /** A visitor's first message, which puts a new conversation in the agents' list. */
    newConversation(site: Site) {
      return take(
        [[`new-conversations:${site.id}`, { limit: site.settings.newConversations, windowMs: NEW_CONVERSATIONS_WINDOW_MS }]],
        'Many people are writing to us right now: your message waits a moment.',
      );
    },
  };
}

function refuseIfOver(decision: RateDecision, message: string) {
  if (!decision.ok) throw new AppError('rate_limited', message, Math.max(1, Math.ceil(decision.retryAfterMs)));
}
