/** Errors the store raises for conditions callers are expected to handle. */
export class ConflictError extends Error {
  override name = 'ConflictError';
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}
