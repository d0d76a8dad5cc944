/** Reads a JSON body and validates it against a protocol schema, or fails with a 400 that says why. */
import { parse } from '@parley/protocol';
import type { Context } from 'hono';
import type * as v from 'valibot';
import { AppError } from '../../core/errors.ts';

export async function readBody<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
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
