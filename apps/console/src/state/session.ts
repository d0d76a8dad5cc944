/** Who is signed in, and the actions that change it. Signing in starts the live sync; signing out ends it. */
import { signal } from '@preact/signals';
import { parse, setupBody, type Agent } from '@parley/protocol';
import * as api from '../api.ts';
import { goToInbox } from './router.ts';
import { startSync, stopSync } from './sync.ts';
import { strings } from '../strings.ts';

export type Session =
  | { status: 'loading' }
  | { status: 'signed-out' }
  /** The server could not say who we are (down, or answering errors). */
  | { status: 'unreachable'; message: string }
  | { status: 'signed-in'; agent: Agent };

export const session = signal<Session>({ status: 'loading' });

/** The schema's message without its field path: the form shows it next to its own labels. */
function problem(message: string): string {
  return message.replace(/^[\w.]+: /, '');
}

function signedIn(agent: Agent): void {
  session.value = { status: 'signed-in', agent };
  startSync(agent, {
    onUnauthorized: signedOut,
    onAgent: (changed) => {
      session.value = { status: 'signed-in', agent: changed };
    },
  });
}

function signedOut(): void {
  stopSync();
  session.value = { status: 'signed-out' };
}

export async function loadSession(): Promise<void> {
  session.value = { status: 'loading' };
  const result = await api.getMe();
  if (result.ok) signedIn(result.value.agent);
  else if (result.status === 401) signedOut();
  else session.value = { status: 'unreachable', message: result.message };
}

/** Resolves to the message to show, or null once signed in. */
export async function signIn(email: string, password: string): Promise<string | null> {
  // Only emptiness is checked here: whether an address can sign in is the server's call.
  if (!email.trim() || !password) return strings.signIn.missing;
  const result = await api.login(email.trim(), password);
  if (!result.ok) return result.message;
  signedIn(result.value.agent);
  return null;
}

export async function signOut(): Promise<void> {
  await api.logout();
  signedOut();
  goToInbox(true);
}

/** Whether a setup link can still create the first admin. */
export async function setupTokenIsValid(token: string): Promise<boolean> {
  if (!token) return false;
  return (await api.checkSetupToken(token)).ok;
}

/** Creates the first admin and signs them in; resolves to the message to show, or null on success. */
export async function createFirstAdmin(input: { token: string; name: string; email: string; password: string }): Promise<string | null> {
  const fields = parse(setupBody, input);
  if (!fields.ok) return problem(fields.message);
  const result = await api.setup(fields.value);
  if (!result.ok) return result.message;
  goToInbox(true);
  signedIn(result.value.agent);
  return null;
}
