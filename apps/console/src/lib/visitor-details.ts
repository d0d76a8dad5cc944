/** The customer details form's rules: its starting values, validation as the server does it, and when a save landed. */
import { agentClientFrame, parse, type AgentClientFrame, type Parsed, type VisitorProfile } from '@parley/protocol';

export interface DetailsFields {
  name: string;
  email: string;
  phone: string;
}

export type DetailsFrame = Extract<AgentClientFrame, { t: 'visitor' }>;

export function detailsOf(visitor: VisitorProfile): DetailsFields {
  return { name: visitor.name ?? '', email: visitor.email ?? '', phone: visitor.phone ?? '' };
}

/** The frame to send, trimmed, or the first problem without its field path (the form shows it beside the labels). */
export function detailsFrame(visitorId: string, fields: DetailsFields): Parsed<DetailsFrame> {
  const parsed = parse(agentClientFrame, { t: 'visitor', visitorId, ...fields });
  if (!parsed.ok) return { ok: false, message: parsed.message.replace(/^[\w.]+: /, '') };
  return { ok: true, value: parsed.value as DetailsFrame };
}

/** Whether the visitor holds what `frame` saved: an empty field clears to null, and an address may come back in lower case. */
export function holdsDetails(visitor: VisitorProfile, frame: DetailsFrame): boolean {
  const same = (held: string | null, saved: string | undefined) => held === (saved || null);
  return same(visitor.name, frame.name) && same(visitor.email?.toLowerCase() ?? null, frame.email?.toLowerCase()) && same(visitor.phone, frame.phone);
}
