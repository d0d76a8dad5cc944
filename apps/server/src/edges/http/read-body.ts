/** Reads a JSON body and validates it against a protocol schema, or fails with a 400 (415 if not JSON) that says why. */
import { parse } from '@parley/protocol';
import type { Context } from 'hono';
import type * as v from 'valibot';
import { AppError } from '../../core/errors.ts';

/** `application/json`, with or without parameters such as charset. */
export function isJson(contentType: string): boolean {
  return contentType.split(';')[0]!.trim().toLowerCase() === 'application/json';
}

export const unsupportedType = () => new AppError('unsupported_media_type', 'The request body must be JSON, sent as Content-Type: application/json.');

export function hasBody(request: Request): boolean {
  return request.headers.has('transfer-encoding') || Number(request.headers.get('content-length') ?? 0) > 0;
}

export async function readBody<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  if (!isJson(c.req.header('content-type') ?? '')) throw unsupportedType();
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new AppError('bad_request', 'The request body must be JSON.');
  }
  const parsed = parse(schema, body);
  if (!parsed.ok) throw new AppError('bad_request', parsed.message);
  return parsed.value;
}
