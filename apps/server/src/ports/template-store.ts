/** The store's part for message templates (canned responses) and each conversation's video-call room. */

export interface TemplateRecord {
  id: string;
  /** Null: shared with every agent. */
  ownerId: string | null;
  shortcut: string;
  body: string;
  createdAt: number;
  updatedAt: number;
}

export interface TemplateStore {
  /** The shared ones and the agent's own, by shortcut (shared first on a tie). */
  listFor(agentId: string): Promise<TemplateRecord[]>;
  byId(id: string): Promise<TemplateRecord | null>;
  /** Throws ConflictError when its scope (shared, or the owner's) has that shortcut. */
  create(input: { ownerId: string | null; shortcut: string; body: string; at: number }): Promise<TemplateRecord>;
  /** Throws NotFoundError when there is none, ConflictError when its scope has the new shortcut. */
  update(id: string, patch: { shortcut?: string; body?: string; at: number }): Promise<TemplateRecord>;
  /** Whether there was one. */
  delete(id: string): Promise<boolean>;
}

export interface CallRoomStore {
  /** The conversation's room: `fresh` is stored unless it has one already; the one kept either way, so racing invitations name the same room. */
  roomOf(conversationId: string, fresh: string): Promise<string>;
}
