/** One dismissible line for errors that belong to no form or reply (a refused join, a lost conversation). */
import { signal } from '@preact/signals';

export const notice = signal<string | null>(null);

export function showNotice(message: string): void {
  notice.value = message;
}

export function dismissNotice(): void {
  notice.value = null;
}
