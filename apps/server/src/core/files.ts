/**
 * Files in messages. An upload becomes a message like any other, once per client id, so every
 * listener (audience, notifications, email) hears it; its text is the file's name. Its bytes go
 * to the FileStore before the message is stored and are removed if the message is not: nothing
 * is left half-stored. A file is read only by its conversation's visitor and the agents who may
 * see that conversation; to anyone else it does not exist (the same not_found, whatever the reason).
 */
import { type Attachment, FILE_TYPES, UPLOADS_WINDOW_MS, uploadKinds } from '@parley/protocol';
import { nanoid } from 'nanoid';
import type { RateRule } from '../ports/rate-limiter.ts';
import type { Agent, Appended, Site } from '../ports/store.ts';
import { visibleConversation } from './access.ts';
import { hashToken } from './auth/tokens.ts';
import type { Context } from './context.ts';
import { AppError } from './errors.ts';
import { cleanImage, isImageKind, isKnownKind, sniff, storedName } from './file-content.ts';
import type { Messages } from './messages.ts';
import { takeAll } from './take-all.ts';
import { addressKey } from './visitor-limits.ts';

/** Reads the request's body, refusing (payload_too_large) as soon as it passes `maxBytes`. */
export type ReadBody = (maxBytes: number) => Promise<Uint8Array>;

export interface Upload {
  clientId: string;
  /** As the sender's browser named it: only a name, never a type. */
  name: string;
  ip: string | null;
  read: ReadBody;
}

export interface StoredFile {
  attachment: Attachment;
  bytes: Uint8Array;
}

const noSuchFile = () => new AppError('not_found', 'No such file.');

export type Files = ReturnType<typeof createFiles>;

export function createFiles(ctx: Context, messages: Messages) {
  const { store, files, limiter, clock } = ctx;

  /** Per sender and per address, counted before a byte of the body is read. */
  const limit = async (site: Site, sender: string, ip: string | null) => {
    const rule = { limit: site.settings.uploadsPerHour, windowMs: UPLOADS_WINDOW_MS };
    if (rule.limit === 0) return;
    const keys = [`uploads:${sender}`, ...(ip ? [`uploads-ip:${addressKey(ip)}`] : [])];
    const decision = await takeAll(limiter, keys.map((key): [string, RateRule] => [key, rule]), clock.now());
    if (!decision.ok) throw new AppError('rate_limited', 'You have sent many files: try again later.', Math.max(1, Math.ceil(decision.retryAfterMs)));
  };

  /** The file as it will be stored, or refused: too big, empty, or of a type the site does not take. */
  const accept = async (site: Site, upload: Upload): Promise<StoredFile> => {
    const { uploadMaxBytes, uploadTypes } = site.settings;
    if (uploadMaxBytes === 0) throw new AppError('forbidden', 'This chat does not take files.');
    const raw = await upload.read(uploadMaxBytes);
    if (raw.byteLength === 0) throw new AppError('bad_request', 'The file is empty.');
    const kind = await sniff(raw, upload.name);
    const allowed = uploadKinds(uploadTypes);
    if (kind === null || !isKnownKind(kind) || !allowed.includes(kind)) {
      throw new AppError('unsupported_media_type', `${kind ? `This kind of file (${kind})` : 'A file of unknown type'} is not accepted here. Accepted: ${allowed.join(', ')}.`);
    }
    const id = nanoid();
    const name = storedName(upload.name, kind);
    if (!isImageKind(kind)) return { attachment: { id, name, size: raw.byteLength, type: FILE_TYPES[kind], image: false }, bytes: raw };
    let image: Awaited<ReturnType<typeof cleanImage>>;
    try {
      image = await cleanImage(raw, kind);
    } catch {
      throw new AppError('bad_request', 'This image could not be read: it may be damaged, or too large.');
    }
    return { attachment: { id, name, size: image.bytes.byteLength, type: FILE_TYPES[kind], image: true, width: image.width, height: image.height }, bytes: image.bytes };
  };

  /** The bytes first, then the message; the bytes go again if the message was not stored (refused, or a retry of one stored before). */
  const keep = async (file: StoredFile, post: (attachment: Attachment) => Promise<Appended>): Promise<Appended> => {
    await files.put(file.attachment.id, file.bytes);
    let appended: Appended;
    try {
      appended = await post(file.attachment);
    } catch (error) {
      await files.delete(file.attachment.id);
      throw error;
    }
    if (!appended.created) await files.delete(file.attachment.id);
    return appended;
  };

  const visitorOf = async (site: Site, token: string | null) => (token ? store.visitors.byToken(site.id, hashToken(token)) : null);

  return {
    /** From the widget, with the visitor's token: under the visitor's message limits as well as the upload limits. */
    async sendVisitorFile(site: Site, token: string | null, upload: Upload): Promise<Appended> {
      const visitor = await visitorOf(site, token);
      if (!visitor) throw new AppError('unauthorized', 'This chat does not know you yet: reload the page and try again.');
      await limit(site, `visitor:${visitor.id}`, upload.ip);
      const file = await accept(site, upload);
      return keep(file, (attachment) => messages.postWidgetMessage(site, { visitorId: visitor.id, clientId: upload.clientId, text: attachment.name, attachment }));
    },

    async sendAgentFile(agent: Agent, conversationId: string, upload: Upload): Promise<Appended> {
      const { site } = await visibleConversation(store, agent, conversationId);
      await limit(site, `agent:${agent.id}`, upload.ip);
      const file = await accept(site, upload);
      return keep(file, (attachment) => messages.postAgentMessage(agent, { conversationId, clientId: upload.clientId, text: attachment.name, attachment }));
    },

    /** For the visitor holding any of their tokens, on the site of the conversation. */
    async visitorFile(site: Site, token: string | null, id: string): Promise<StoredFile> {
      const visitor = await visitorOf(site, token);
      const found = visitor ? await store.messages.attachment(id) : null;
      const conversation = found ? await store.conversations.byId(found.conversationId) : null;
      if (!visitor || !found || conversation?.visitorId !== visitor.id) throw noSuchFile();
      return read(found.attachment);
    },

    /** For an agent who may see the conversation now. */
    async agentFile(agent: Agent, id: string): Promise<StoredFile> {
      const found = await store.messages.attachment(id);
      if (!found) throw noSuchFile();
      await visibleConversation(store, agent, found.conversationId).catch(() => {
        throw noSuchFile();
      });
      return read(found.attachment);
    },
  };

  async function read(attachment: Attachment): Promise<StoredFile> {
    const bytes = await files.get(attachment.id);
    if (!bytes) throw noSuchFile();
    return { attachment, bytes };
  }
}
