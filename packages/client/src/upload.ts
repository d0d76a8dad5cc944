/**
 * One file's way to the server, for the widget and the console alike: XHR, because fetch reports
 * no upload progress. The message itself comes back over the socket, like every other.
 */
import { UPLOAD_CONTENT_TYPE } from '@parley/protocol';

export interface UploadRequest {
  url: string;
  headers?: Record<string, string>;
  file: File;
  /** 0 to 1. */
  onProgress(fraction: number): void;
  onStored(): void;
  /** The server's words for a refusal, or `fallback`'s when it sent none. */
  onRefused(message: string): void;
  /** What to say without the server's words: `status` 0 means no answer came. */
  fallback(status: number): string;
}

export function sendUpload(request: UploadRequest): void {
  const xhr = new XMLHttpRequest();
  const refused = () => request.onRefused(refusal(xhr) ?? request.fallback(xhr.status));
  xhr.open('POST', request.url);
  for (const [name, value] of Object.entries(request.headers ?? {})) xhr.setRequestHeader(name, value);
  xhr.setRequestHeader('content-type', UPLOAD_CONTENT_TYPE);
  xhr.upload.onprogress = (event) => event.lengthComputable && request.onProgress(event.loaded / event.total);
  xhr.onload = () => (xhr.status < 300 ? request.onStored() : refused());
  xhr.onerror = refused;
  xhr.send(request.file);
}

function refusal(xhr: XMLHttpRequest): string | null {
  try {
    return (JSON.parse(xhr.responseText) as { error?: { message?: string } }).error?.message || null;
  } catch {
    // Not JSON: a proxy's error page, or no answer at all.
    return null;
  }
}
