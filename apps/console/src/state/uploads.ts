/**
 * The agent's files on their way to a conversation: XHR for the upload's progress; the message
 * itself arrives over the socket like any other. A refusal keeps the server's words until dismissed.
 */
import { signal } from '@preact/signals';
import { newClientId } from '@parley/client';
import { agentUploadPath, UPLOAD_CONTENT_TYPE } from '@parley/protocol';

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

function refusal(xhr: XMLHttpRequest): string {
  try {
    const message = (JSON.parse(xhr.responseText) as { error?: { message?: string } }).error?.message;
    if (message) return message;
  } catch {
    // Not JSON: a proxy's error page, or no answer.
  }
  return xhr.status ? `The server answered ${xhr.status}.` : 'Cannot reach the server. Check your connection and try again.';
}

export function uploadFile(conversationId: string, file: File): void {
  const clientId = newClientId();
  uploads.value = [...uploads.value, { clientId, conversationId, name: file.name, progress: 0, error: null }];
  const xhr = new XMLHttpRequest();
  xhr.open('POST', `${agentUploadPath(conversationId)}?${new URLSearchParams({ name: file.name, clientId })}`);
  xhr.setRequestHeader('content-type', UPLOAD_CONTENT_TYPE);
  xhr.upload.onprogress = (event) => event.lengthComputable && change(clientId, { progress: event.loaded / event.total });
  xhr.onload = () => (xhr.status < 300 ? dismissUpload(clientId) : change(clientId, { error: refusal(xhr) }));
  xhr.onerror = () => change(clientId, { error: refusal(xhr) });
  xhr.send(file);
}

/** Files dropped, pasted or picked; whether there were any. */
export function uploadAll(conversationId: string, files: FileList | null | undefined): boolean {
  const list = [...(files ?? [])];
  for (const file of list) uploadFile(conversationId, file);
  return list.length > 0;
}
