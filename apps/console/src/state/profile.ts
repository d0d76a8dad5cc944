/** The signed-in agent's photo: upload and remove; the new agent comes back over the socket too (`me`), so the session follows either way. */
import { signal } from '@preact/signals';
import * as api from '../api.ts';
import { session } from './session.ts';

/** The server's words for the last refusal; null once a change went through. */
export const profileError = signal<string | null>(null);
export const profileBusy = signal(false);

async function change(call: () => ReturnType<typeof api.removeAvatar>): Promise<void> {
  profileBusy.value = true;
  const result = await call();
  profileBusy.value = false;
  profileError.value = result.ok ? null : result.message;
  if (result.ok && session.value.status === 'signed-in') session.value = { status: 'signed-in', agent: result.value.agent };
}

export const uploadAvatar = (image: Blob) => change(() => api.putAvatar(image));
export const removeAvatar = () => change(api.removeAvatar);
