/** One way to validate anything that crosses the wire: a result value, never an exception. */
import * as v from 'valibot';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export function parse<S extends v.GenericSchema>(schema: S, input: unknown): Parsed<v.InferOutput<S>> {
  const result = v.safeParse(schema, input);
  if (result.success) return { ok: true, value: result.output };
  const issue = result.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.');
  return { ok: false, message: path ? `${path}: ${issue.message}` : issue.message };
}

/** Parses a JSON text frame against a schema. */
export function parseFrame<S extends v.GenericSchema>(schema: S, text: string): Parsed<v.InferOutput<S>> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, message: 'A frame is one JSON object.' };
  }
  return parse(schema, data);
}
