/** Asks once for the visitor's email when their message has waited a minute unanswered, so the reply can reach them. Loaded with the panel. */
import type { Outgoing } from '@parley/client';
import { effect, signal } from '@preact/signals-core';
import { identify, storage } from './chat.ts';
import type { Thread } from './messages.ts';
import { email, outbox, thread } from './state.ts';

export const ASK_EMAIL_AFTER_MS = 60_000;
/** Set once the visitor answered or declined: they are never asked again on this site. */
const ASKED = 'email-asked';

/** 'ask': the card shows; 'answered': its confirmation shows; null: nothing. */
export const emailCard = signal<'ask' | 'answered' | null>(null);

/**
 * Whether the visitor waits for a reply that could not reach them after they leave: the latest word
 * is theirs (an agent joining is no word) and no email is known.
 */
export function waitsWithoutEmail(thread: Thread, outbox: readonly Outgoing[], email: string | null): boolean {
  return !email && (outbox.length > 0 || thread.messages.filter((m) => !m.event).at(-1)?.author === 'visitor');
}

/**
 * Arms the question when the visitor starts waiting, and disarms it when a reply (agent or system)
 * or an email arrives first. Counted on this page's clock from when the wait is seen: message times
 * come from the server's clock, which need not agree with the visitor's.
 */
export function watchEmailAsk(): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  effect(() => {
    if (!waitsWithoutEmail(thread.value, outbox.value, email.value)) {
      clearTimeout(timer);
      timer = undefined;
    } else {
      timer ??= setTimeout(() => {
        if (!storage.get(ASKED)) emailCard.value = 'ask';
      }, ASK_EMAIL_AFTER_MS);
    }
  });
}

export function answerEmailCard(address: string): void {
  identify({ email: address, typed: true });
  storage.set(ASKED, '1');
  emailCard.value = 'answered';
}

export function dismissEmailCard(): void {
  storage.set(ASKED, '1');
  emailCard.value = null;
}
