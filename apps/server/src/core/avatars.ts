/**
 * Agents' photos, each set by the agent themself. The image is taken only if its bytes are a PNG,
 * JPEG or WebP, and stored re-encoded (small, square, without metadata) under a new name on every
 * upload, so the public address can be cached for good; the previous bytes go once the agent points
 * at the new ones. Open consoles and the widgets of every site the agent answers hear it at once.
 */
import { AVATAR_KINDS, AVATAR_MAX_BYTES, AVATAR_UPLOADS_PER_HOUR, FILE_TYPES, type FileKind, humanSize, UPLOADS_WINDOW_MS } from '@parley/protocol';
import { nanoid } from 'nanoid';
import type { Agent } from '../ports/store.ts';
import type { Agents } from './agents.ts';
import type { Context } from './context.ts';
import { AppError } from './errors.ts';
import { avatarImage, sniff } from './file-content.ts';
import type { ReadBody } from './files.ts';

/** `id.ext`: the FileStore's id, and the kind the bytes were found to be. */
const STORED_NAME = /^([A-Za-z0-9_-]{21})\.(png|jpg|webp)$/;

const noSuchPhoto = () => new AppError('not_found', 'No such photo.');

export type Avatars = ReturnType<typeof createAvatars>;

export function createAvatars(ctx: Context, agents: Agents) {
  const { store, files, limiter, clock } = ctx;

  /** Points the agent at `avatar` (or none), then removes the bytes of the photo it replaces. */
  const point = async (agentId: string, avatar: string | null) => {
    const { agent, previous } = await store.transaction(async (tx) => {
      const before = await tx.agents.byId(agentId);
      if (!before) throw new AppError('not_found', 'No such agent.');
      return { agent: await tx.agents.update(agentId, { avatar }), previous: before.avatar };
    });
    if (previous) await files.delete(STORED_NAME.exec(previous)![1]!);
    await agents.announce(agent);
    return agent;
  };

  return {
    /** The agent's new photo, counted against their limit before a byte of it is read. */
    async set(agent: Agent, read: ReadBody): Promise<Agent> {
      const decision = await limiter.take(`avatars:${agent.id}`, { limit: AVATAR_UPLOADS_PER_HOUR, windowMs: UPLOADS_WINDOW_MS }, clock.now());
      if (!decision.ok) throw new AppError('rate_limited', 'You have changed your photo many times: try again later.', Math.max(1, Math.ceil(decision.retryAfterMs)));
      const raw = await read(AVATAR_MAX_BYTES).catch((error: unknown) => {
        // The body reader speaks of a chat's files; this is a photo.
        throw error instanceof AppError && error.code === 'payload_too_large' ? new AppError('payload_too_large', `A photo is at most ${humanSize(AVATAR_MAX_BYTES)}: choose a smaller image.`) : error;
      });
      if (raw.byteLength === 0) throw new AppError('bad_request', 'The photo is empty: choose a PNG, JPEG or WebP image.');
      const kind = await sniff(raw, '');
      if (kind === null || !AVATAR_KINDS.includes(kind as FileKind)) {
        throw new AppError('unsupported_media_type', `A photo must be a PNG, JPEG or WebP image (at most ${humanSize(AVATAR_MAX_BYTES)}); this is ${kind ? `a ${kind} file` : 'not an image'}.`);
      }
      let bytes: Uint8Array;
      try {
        bytes = await avatarImage(raw, kind as FileKind);
      } catch {
        throw new AppError('bad_request', 'This image could not be read: it may be damaged.');
      }
      const id = nanoid();
      await files.put(id, bytes);
      try {
        return await point(agent.id, `${id}.${kind}`);
      } catch (error) {
        await files.delete(id);
        throw error;
      }
    },

    remove: (agent: Agent) => point(agent.id, null),

    /** Anyone's, by its stored name while it is an agent's photo: an attachment's id, or a replaced photo, is no photo. */
    async read(name: string): Promise<{ bytes: Uint8Array; type: string }> {
      const parts = STORED_NAME.exec(name);
      if (!parts || !(await store.agents.byAvatar(name))) throw noSuchPhoto();
      const bytes = await files.get(parts[1]!);
      if (!bytes) throw noSuchPhoto();
      return { bytes, type: FILE_TYPES[parts[2] as FileKind] };
    },
  };
}
