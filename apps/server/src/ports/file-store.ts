/** The bytes of the files sent in messages, by the attachment's id; what a file is and who may read it is the store's. */
export interface FileStore {
  /** Stores the bytes under a new id: all of them or, on failure, none. */
  put(id: string, bytes: Uint8Array): Promise<void>;
  get(id: string): Promise<Uint8Array | null>;
  /** Removes them; nothing happens when there are none. */
  delete(id: string): Promise<void>;
}
