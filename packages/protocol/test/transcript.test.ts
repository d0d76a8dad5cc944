import { describe, expect, it } from 'vitest';
import { eventLine } from '../src/transcript.ts';

describe('eventLine', () => {
  it('reads a details change by an agent, and by the visitor (no agent)', () => {
    expect(eventLine('details', 'Anna', null, { field: 'email', value: 'x@example.com' })).toBe('Anna changed the email to x@example.com');
    expect(eventLine('details', 'Anna', null, { field: 'phone', value: null })).toBe('Anna cleared the phone number');
    expect(eventLine('details', null, null, { field: 'email', value: 'x@example.com' })).toBe('The visitor gave their email x@example.com');
  });

  it('reads a link, and the older events as before', () => {
    expect(eventLine('linked', 'Anna', null, { visitorName: 'Visitor AB12', customerName: 'Kim' })).toBe('Anna linked Visitor AB12 to the customer Kim');
    expect(eventLine('joined', 'Anna')).toBe('Anna joined');
    expect(eventLine('assigned', 'Anna', 'Ben')).toBe('Assigned to Ben by Anna');
  });

  it("reads the auto-reply with the owner's words, or the English of the widget's own", () => {
    expect(eventLine('autoReply', null, null, { text: 'Back Monday!' })).toBe('Auto-reply: Back Monday!');
    expect(eventLine('autoReply', null, null, { text: null })).toBe("Auto-reply: Thanks for your message! We're away right now.");
  });
});
