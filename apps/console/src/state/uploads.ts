/**
 * The agent's files on their way to a conversation: sent by sendUpload (with progress); the
 * message itself arrives over the socket like any other. A refusal keeps the server's words until dismissed.
 */
import { signal } from '@preact/signals';
import { newClientId, sendUpload } from '@parley/client';
import { agentUploadPath } from '@parley/protocol';
import { strings } from '../strings.ts';

export interface Upload {
  clientId: string;
  conversationId: string;
  name: string;
  /** 0 to 1. */
  progress: number;
  error: string | null;
}

export const uploads = signal<readonly Upload[]>([]);

const change = (clientId: string, patch: Partial<Upload>) => (uploads.value = uploads.value.map((u) => (u.clientId === clientId ? { ...u, ...patch } : u)));

export const dismissUpload = (clientId: string) => (uploads.value = uploads.value.filter((u) => u.clientId !== clientId));

export function uploadFile(conversationId: string, file: File): void {
  const clientId = newClientId();
  uploads.value = [...uploads.value, { clientId, conversationId, name: file.name, progress: 0, error: null }];
  sendUpload({
    url: `${agentUploadPath(conversationId)}?${new URLSearchParams({ name: file.name, clientId })}`,
    file,
    onProgress: (progress) => change(clientId, { progress }),
    onStored: () => dismissUpload(clientId),
    onRefused: (error) => change(clientId, { error }),
    fallback: (status) => (status ? strings.errors.uploadAnswered(status) : strings.errors.unreachable),
  });
}

/** Files dropped, pasted or picked; whether there were any. */
export function uploadAll(conversationId: string, files: FileList | null | undefined): boolean {
  const list = [...(files ?? [])];
  for (const file of list) uploadFile(conversationId, file);
  return list.length > 0;
}
