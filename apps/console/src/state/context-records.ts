/**
 * Context records (orders, carts) of the visitors whose panels are open: asked for when a panel
 * shows (again after every reconnection), then kept live by the server's `contexts` frames.
 */
import { signal } from '@preact/signals';
import type { ContextRecord, ContextRecordFields } from '@parley/protocol';
import { sendFrame } from './socket.ts';

export const contextRecords = signal<ReadonlyMap<string, ContextRecord[]>>(new Map());

export function askContextRecords(visitorId: string): void {
  sendFrame({ t: 'contexts', visitorId });
}

export function applyContextRecords(visitorId: string, records: ContextRecord[]): void {
  contextRecords.value = new Map(contextRecords.value).set(visitorId, records);
}

/** False when not connected. */
export function addContextRecord(visitorId: string, record: ContextRecordFields): boolean {
  return sendFrame({ t: 'context', visitorId, record });
}

export function removeContextRecord(visitorId: string, record: Pick<ContextRecord, 'type' | 'id'>): void {
  sendFrame({ t: 'uncontext', visitorId, type: record.type, id: record.id });
}

export function resetContextRecords(): void {
  contextRecords.value = new Map();
}
