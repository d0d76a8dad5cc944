/** Pure rules for the visitors online now: order, and applying one visitor's change. */
import type { VisitorProfile } from '@parley/protocol';

/** Latest arrival first; the id breaks ties so rows do not jump. */
export function sortVisitors(list: readonly VisitorProfile[]): VisitorProfile[] {
  const started = (v: VisitorProfile) => v.context.visitStartedAt ?? v.context.firstSeenAt;
  return [...list].sort((a, b) => started(b) - started(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Replaces the visitor by id, or drops them once they are offline. */
export function upsertVisitor(list: readonly VisitorProfile[], item: VisitorProfile): readonly VisitorProfile[] {
  const rest = list.filter((v) => v.id !== item.id);
  if (!item.online) return rest.length === list.length ? list : rest;
  return sortVisitors([...rest, item]);
}
