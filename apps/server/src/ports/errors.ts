/** Errors the store raises for conditions callers are expected to handle. */
export class ConflictError extends Error {
  override name = 'ConflictError';
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** The store cannot write now (its disk is full): nothing of the command was stored, and the same command may succeed later. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}
