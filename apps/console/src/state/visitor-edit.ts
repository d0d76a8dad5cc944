/**
 * The customer details form. The server answers a save with the visitor (then the form closes)
 * or an error frame, which names no request: one arriving while a save waits is taken as its answer.
 */
import { signal } from '@preact/signals';
import type { VisitorProfile } from '@parley/protocol';
import { detailsFrame, holdsDetails, type DetailsFields, type DetailsFrame } from '../lib/visitor-details.ts';
import { sendFrame } from './socket.ts';
import { strings } from '../strings.ts';

export interface DetailsEdit {
  visitorId: string;
  /** The save waiting for its answer. */
  saving: DetailsFrame | null;
  error: string | null;
}

export const detailsEdit = signal<DetailsEdit | null>(null);

/** Long enough for a slow server; after it the form says so instead of waiting forever. */
const ANSWER_TIMEOUT_MS = 10_000;

export function editDetails(visitorId: string): void {
  detailsEdit.value = { visitorId, saving: null, error: null };
}

export function cancelDetails(): void {
  detailsEdit.value = null;
}

export function saveDetails(fields: DetailsFields): void {
  const held = detailsEdit.value;
  if (!held || held.saving) return;
  const frame = detailsFrame(held.visitorId, fields);
  if (!frame.ok) {
    detailsEdit.value = { ...held, error: frame.message };
    return;
  }
  if (!sendFrame(frame.value)) {
    detailsEdit.value = { ...held, error: strings.errors.notConnected };
    return;
  }
  const saving = { ...held, saving: frame.value, error: null };
  detailsEdit.value = saving;
  setTimeout(() => {
    if (detailsEdit.value === saving) detailsEdit.value = { ...saving, saving: null, error: strings.errors.noAnswer };
  }, ANSWER_TIMEOUT_MS);
}

export function applySavedVisitor(visitor: VisitorProfile): void {
  const held = detailsEdit.value;
  if (held?.saving && held.visitorId === visitor.id && holdsDetails(visitor, held.saving)) detailsEdit.value = null;
}

/** False when no save was waiting: the error is someone else's. */
export function failDetails(message: string): boolean {
  const held = detailsEdit.value;
  if (!held?.saving) return false;
  detailsEdit.value = { ...held, saving: null, error: message };
  return true;
}
