/**
 * What an uploaded file is, from its bytes alone: the browser's type and the name's extension are
 * claims anyone can forge. Raster images come back re-encoded, without their metadata (EXIF GPS,
 * camera serials), since the pixels are all a chat needs.
 */
import { AVATAR_SIZE, type FileKind, FILE_TYPES, IMAGE_KINDS, MAX_FILE_NAME_LENGTH, cleanText } from '@parley/protocol';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';

/** A decompression bomb (a small file of huge dimensions) is refused before it is decoded. */
const MAX_IMAGE_PIXELS = 40_000_000;

/** file-type's names for the kinds we know by another (an animated PNG is stored as a still one). */
const ALIASES: Record<string, FileKind> = { apng: 'png' };

/** Text has no magic number: UTF-8 without NUL is text, and markup in it makes it a document a browser would run. */
function textKind(bytes: Uint8Array, name: string): FileKind | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, 64 * 1024));
  } catch {
    return null;
  }
  if (text.includes('\0')) return null;
  if (/<svg[\s>]/i.test(text)) return 'svg';
  if (/<(!doctype\s+html|html|head|body|script|iframe)[\s>]/i.test(text)) return 'html';
  if (/^\uFEFF?\s*<\?xml/i.test(text)) return 'xml';
  // Plain text either way: the name only says which of two harmless types to serve it as.
  return /\.csv$/i.test(name) ? 'csv' : 'txt';
}

/** The file's kind, or the name file-type gives a kind we do not handle ("exe"), or null when nothing is known. */
export async function sniff(bytes: Uint8Array, name: string): Promise<FileKind | string | null> {
  const found = await fileTypeFromBuffer(bytes);
  if (found && found.ext !== 'xml') return ALIASES[found.ext] ?? found.ext;
  return textKind(bytes, name);
}

export const isKnownKind = (kind: string): kind is FileKind => Object.hasOwn(FILE_TYPES, kind);

export const isImageKind = (kind: FileKind) => IMAGE_KINDS.includes(kind);

const SHARP_FORMAT = { png: 'png', jpg: 'jpeg', gif: 'gif', webp: 'webp' } as const;

/** The image re-encoded in its own format, its EXIF orientation applied first (stripping it would turn photos on their side). */
export async function cleanImage(bytes: Uint8Array, kind: FileKind): Promise<{ bytes: Uint8Array; width: number; height: number }> {
  const animated = kind === 'gif' || kind === 'webp';
  const image = sharp(bytes, { animated, limitInputPixels: MAX_IMAGE_PIXELS });
  const oriented = kind === 'jpg' ? image.rotate() : image;
  const { data, info } = await oriented.toFormat(SHARP_FORMAT[kind as keyof typeof SHARP_FORMAT]).toBuffer({ resolveWithObject: true });
  return { bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.pageHeight ?? info.height };
}

/** An agent's photo: upright, cropped to a square of AVATAR_SIZE, in its own format, without metadata; an animation keeps its first frame. */
export async function avatarImage(bytes: Uint8Array, kind: FileKind): Promise<Uint8Array> {
  const image = sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS }).rotate().resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover' });
  const data = await image.toFormat(SHARP_FORMAT[kind as keyof typeof SHARP_FORMAT]).toBuffer();
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** The name without any path, on one line, ending in the extension of its kind (replacing one that disagrees). */
export function storedName(name: string, kind: FileKind): string {
  const base = cleanText(name, false).split(/[\\/]/).pop()!.trim().replace(/^\.+/, '');
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  const agrees = ext === kind || (kind === 'jpg' && ext === 'jpeg');
  const stem = (dot > 0 ? base.slice(0, dot) : base) || 'file';
  const suffix = agrees ? `.${ext}` : `.${kind}`;
  return `${[...stem].slice(0, MAX_FILE_NAME_LENGTH - suffix.length).join('')}${suffix}`;
}
