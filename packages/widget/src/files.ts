/**
 * The visitor's files: uploads with their progress (client's sendUpload), and downloads
 * with the visitor's token (never in a URL), shown through blob: URLs. Loaded with the panel.
 */
import { signal } from '@preact/signals-core';
import { newClientId, sendUpload } from '@parley/client';
import { type Attachment, FILES_PATH, SITE_PARAM, VISITOR_UPLOAD_PATH } from '@parley/protocol';
import { fileAccess } from './chat.ts';
import { t } from './i18n.ts';

export interface Upload {
  clientId: string;
  name: string;
  /** 0 to 1. */
  progress: number;
  /** Why the server refused it, in its words. */
  error: string | null;
}

export const uploads = signal<readonly Upload[]>([]);

const change = (clientId: string, patch: Partial<Upload>) => (uploads.value = uploads.value.map((u) => (u.clientId === clientId ? { ...u, ...patch } : u)));

export const dismissUpload = (clientId: string) => (uploads.value = uploads.value.filter((u) => u.clientId !== clientId));

export function uploadFile(file: File): void {
  const clientId = newClientId();
  const access = fileAccess();
  uploads.value = [...uploads.value, { clientId, name: file.name, progress: 0, error: access ? null : t('notConnected') }];
  if (!access) return;
  const query = new URLSearchParams({ [SITE_PARAM]: access.site, name: file.name, clientId });
  sendUpload({
    url: `${access.server}${VISITOR_UPLOAD_PATH}?${query}`,
    headers: { authorization: `Bearer ${access.token}` },
    file,
    onProgress: (progress) => change(clientId, { progress }),
    onStored: () => dismissUpload(clientId),
    onRefused: (error) => change(clientId, { error }),
    fallback: (status) => (status ? t('fileNotSent', { status }) : t('fileNotSentOffline')),
  });
}

const blobs = new Map<string, Promise<string>>();

/** A blob: URL of the file, fetched once per page with the visitor's token. */
export function fileUrl(attachment: Attachment): Promise<string> {
  let url = blobs.get(attachment.id);
  if (!url) {
    const access = fileAccess();
    if (!access) return Promise.reject(new Error('not connected'));
    url = fetch(`${access.server}${FILES_PATH}/${encodeURIComponent(attachment.id)}?${SITE_PARAM}=${encodeURIComponent(access.site)}`, {
      headers: { authorization: `Bearer ${access.token}` },
    }).then(async (res) => {
      if (!res.ok) throw new Error(`file ${res.status}`);
      return URL.createObjectURL(await res.blob());
    });
    url.catch(() => blobs.delete(attachment.id));
    blobs.set(attachment.id, url);
  }
  return url;
}

/** Every file dropped or pasted, and those picked. */
export function uploadAll(files: FileList | null | undefined): boolean {
  const list = [...(files ?? [])];
  for (const file of list) uploadFile(file);
  return list.length > 0;
}
