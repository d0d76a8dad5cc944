/**
 * What one visitor, one address and one site may start, counted through the RateLimiter port so
 * that every node shares the counts. Past a limit the core raises rate_limited with the time to
 * wait; nothing was stored, so the client keeps what it sent and tries again then.
 */
import { CONTEXT_WRITES_PER_MINUTE, MESSAGES_PER_HOUR_WINDOW_MS, NEW_CONVERSATIONS_WINDOW_MS, NEW_VISITORS_WINDOW_MS } from '@parley/protocol';
import type { RateRule } from '../ports/rate-limiter.ts';
import type { Site } from '../ports/store.ts';
import type { Context } from './context.ts';
import { AppError } from './errors.ts';
import { takeAll } from './take-all.ts';

/** An IPv6 host holds a whole /64: counting single addresses there would count nothing. */
export function addressKey(ip: string): string {
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const groups = head ? head.split(':') : [];
  const rest = tail ? tail.split(':') : [];
  const full = [...groups, ...Array<string>(8 - groups.length - rest.length).fill('0'), ...rest];
  return `${full.slice(0, 4).join(':')}::/64`;
}

export function createVisitorLimits({ limiter, clock }: Pick<Context, 'limiter' | 'clock'>) {
  /** Counts one event under every rule (a limit of 0 is none), or under none, else refuses with the time to wait. */
  const take = async (rules: [key: string, rule: RateRule][], message: string) => {
    const decision = await takeAll(limiter, rules.filter(([, rule]) => rule.limit > 0), clock.now());
    if (!decision.ok) throw new AppError('rate_limited', message, Math.max(1, Math.ceil(decision.retryAfterMs)));
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

    /** A context record from the visitor's page: each is a write and a frame to every agent of the site. */
    contextRecord(visitorId: string) {
      return take([[`context:${visitorId}`, { limit: CONTEXT_WRITES_PER_MINUTE, windowMs: 60_000 }]], 'This page attaches context records quickly: try again in a minute.');
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

