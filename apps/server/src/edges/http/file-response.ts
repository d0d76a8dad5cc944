/**
 * How a stored file is served. Only raster images go inline, as their own type; everything else
 * (SVG, HTML, PDF, …) is a download of no type a browser would render. Every file response is
 * sandboxed with no sources and nosniff (security-headers.ts adds those for FILES_PATH), so even a
 * file opened directly cannot run script on our origin.
 */
import type { Attachment } from '@parley/protocol';

/** RFC 6266: a plain-ASCII `filename` for old clients, and the exact name as RFC 8187 `filename*`. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7E]|["\\%]/g, '_');
  const exact = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

export function fileHeaders(attachment: Attachment): Record<string, string> {
  return {
    'content-type': attachment.image ? attachment.type : 'application/octet-stream',
    'content-disposition': contentDisposition(attachment.image ? 'inline' : 'attachment', attachment.name),
    'content-length': String(attachment.size),
    // The URL names the bytes for good; only the browser that was allowed to read them may keep them.
    'cache-control': 'private, max-age=86400',
  };
}
