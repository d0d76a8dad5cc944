/** Events the host page can listen to with `Parley('on', name, fn)`. */
import type { Message } from '@parley/protocol';
import { warn } from './guard.ts';
import { isOpen, unread } from './store.ts';

export interface WidgetEvents {
  message: Message;
  open: undefined;
  close: undefined;
  unread: number;
}
export type EventName = keyof WidgetEvents;
export const EVENT_NAMES: EventName[] = ['message', 'open', 'close', 'unread'];

const handlers = new Map<string, ((value: never) => void)[]>();

export function on(name: string, handler: unknown): void {
  if (!EVENT_NAMES.includes(name as EventName) || typeof handler !== 'function') {
    warn(`Parley('on', name, fn) takes one of ${EVENT_NAMES.join(', ')} and a function.`);
    return;
  }
  handlers.set(name, [...(handlers.get(name) ?? []), handler as (value: never) => void]);
}

export function emit<N extends EventName>(name: N, value: WidgetEvents[N]): void {
  for (const handler of handlers.get(name) ?? []) {
    try {
      (handler as (value: WidgetEvents[N]) => void)(value);
    } catch (error) {
      warn(`the '${name}' handler threw:`, error);
    }
  }
}

/** Turns state changes into 'open', 'close' and 'unread' events; 'message' is emitted where messages arrive. */
export function forwardStateEvents(): void {
  isOpen.watch((open) => emit(open ? 'open' : 'close', undefined));
  unread.watch((count) => emit('unread', count));
}
