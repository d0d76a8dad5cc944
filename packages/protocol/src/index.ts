export * from './limits.ts';
export * from './model.ts';
export * from './visitor-frames.ts';
export * from './agent-frames.ts';
export * from './http.ts';
export * from './parse.ts';
export * from './linkify.ts';
export * from './flag.ts';
