export * from './backoff.ts';
export * from './socket.ts';
export * from './client-id.ts';
export * from './outbox.ts';
export * from './outbox-key.ts';
export * from './messages.ts';
export * from './typing.ts';
export * from './upload.ts';
