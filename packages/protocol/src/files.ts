/**
 * Files in messages: the types a site may accept (decided from the bytes, never the name), which
 * of them are shown inline, the upload and download addresses, and how a size reads.
 */

/** Every type a site may allow, by the extension the stored name gets, with the type it is served as. */
export const FILE_TYPES = {
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  zip: 'application/zip',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
  svg: 'image/svg+xml',
  html: 'text/html',
  xml: 'application/xml',
} as const;

export type FileKind = keyof typeof FILE_TYPES;

/** Raster images: the only files ever served inline, after being re-encoded without their metadata. */
export const IMAGE_KINDS: readonly FileKind[] = ['png', 'jpg', 'gif', 'webp'];

/** A site's default `uploadTypes`: nothing scriptable, nothing a browser would run. */
export const DEFAULT_UPLOAD_TYPES = 'png,jpg,gif,webp,pdf,txt,csv,docx,xlsx,pptx,odt,ods,zip';

export const DEFAULT_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;
/** The highest `uploadMaxBytes` a site may set: the whole file is held in memory while it is checked. */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
/** A stored file name is at most this long, its extension kept. */
export const MAX_FILE_NAME_LENGTH = 200;
export const UPLOADS_WINDOW_MS = 3_600_000;

/** Where a file is downloaded: `${FILES_PATH}/${id}`; visitors add `?site=KEY` and their token as a Bearer credential. */
export const FILES_PATH = '/api/files';
/** Where the widget uploads: `?site=KEY&name=…&clientId=…`, the raw bytes as the body, the visitor's token as a Bearer credential. */
export const VISITOR_UPLOAD_PATH = '/api/visitor/files';
/** Where the console uploads, the same query without `site`: `/api/conversations/ID/files`. */
export const agentUploadPath = (conversationId: string) => `/api/conversations/${encodeURIComponent(conversationId)}/files`;
/** The body of every upload: the bytes as they are. */
export const UPLOAD_CONTENT_TYPE = 'application/octet-stream';

/** Reads a site's `uploadTypes` setting: the kinds it names that exist ("jpeg" is jpg). */
export function uploadKinds(setting: string): FileKind[] {
  return setting
    .split(',')
    .map((s) => s.trim().toLowerCase().replace(/^jpeg$/, 'jpg'))
    .filter((s): s is FileKind => Object.hasOwn(FILE_TYPES, s));
}

/** "1.4 MB", "820 KB", "12 bytes": how both ends show a file's size. */
export function humanSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
