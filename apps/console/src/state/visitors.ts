/** Everyone on a site now, chatting or not: the full list on connect, then one visitor's change at a time. */
import { signal } from '@preact/signals';
import type { VisitorProfile } from '@parley/protocol';
import { sortVisitors, upsertVisitor } from '../lib/visitors.ts';

/** Online visitors only, latest arrival first. */
export const onlineVisitors = signal<readonly VisitorProfile[]>([]);

export function replaceVisitors(items: readonly VisitorProfile[]): void {
  onlineVisitors.value = sortVisitors(items.filter((v) => v.online));
}

export function applyVisitor(item: VisitorProfile): void {
  onlineVisitors.value = upsertVisitor(onlineVisitors.value, item);
}

export function resetVisitors(): void {
  onlineVisitors.value = [];
}
