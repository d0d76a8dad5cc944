/** Agents' photos: which images are taken, how big, how often, and where anyone (a visitor's widget on any site) reads them. */
import type { FileKind } from './files.ts';

/** Where the signed-in agent puts (PUT, the image's bytes as the body) and removes (DELETE) their photo. */
export const MY_AVATAR_PATH = '/api/me/avatar';
/** Public, no cookie: `${AVATARS_PATH}/${avatar}`; the name changes with every upload, so it is cached for good. */
export const AVATARS_PATH = '/avatars';
export const AVATAR_KINDS: readonly FileKind[] = ['png', 'jpg', 'webp'];
export const AVATAR_MAX_BYTES = 1024 * 1024;
/** The stored photo's side in pixels: the header shows it far smaller, and every visitor downloads it. */
export const AVATAR_SIZE = 256;
export const AVATAR_UPLOADS_PER_HOUR = 20;

/** A stored avatar's name: its id, a dot, its kind's extension. */
export const avatarPath = (avatar: string) => `${AVATARS_PATH}/${avatar}`;
