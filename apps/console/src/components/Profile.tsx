/** Settings → Your profile: every agent's own photo (initials without one), which visitors see in the widget's header. */
import { type Agent, AVATAR_MAX_BYTES, humanSize } from '@parley/protocol';
import { profileBusy, profileError, removeAvatar, uploadAvatar } from '../state/profile.ts';
import { FormError } from './AuthCard.tsx';

const STRINGS = {
  heading: 'Your profile',
  explain: `Visitors see your photo and name in the chat's header while you answer. PNG, JPEG or WebP, at most ${humanSize(AVATAR_MAX_BYTES)}.`,
  photoOf: (name: string) => `Photo of ${name}`,
  upload: 'Upload photo',
  remove: 'Remove photo',
  saving: 'Saving…',
} as const;

/** As the widget's header draws them: "Ann Lee" → "AL", by code points. */
function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = (word: string | undefined) => (word ? [...word][0]!.toUpperCase() : '');
  return first(words[0]) + (words.length > 1 ? first(words[words.length - 1]) : '');
}

export function Profile({ agent }: { agent: Agent }) {
  return (
    <section aria-labelledby="profile-heading" class="profile">
      <h3 id="profile-heading">{STRINGS.heading}</h3>
      <p class="muted">{STRINGS.explain}</p>
      <p>
        {agent.avatarUrl ? (
          <img src={agent.avatarUrl} alt={STRINGS.photoOf(agent.name)} width={64} height={64} />
        ) : (
          <span class="initials" aria-hidden="true">
            {initials(agent.name)}
          </span>
        )}{' '}
        <strong>{agent.name}</strong>
      </p>
      <FormError message={profileError.value} />
      <label class="field">
        <span>{profileBusy.value ? STRINGS.saving : STRINGS.upload}</span>
        <input
          type="file"
          accept="image/png,image/jpeg,image/webp"
          disabled={profileBusy.value}
          onChange={(event) => {
            const input = event.currentTarget;
            const file = input.files?.[0];
            input.value = '';
            if (file) void uploadAvatar(file);
          }}
        />
      </label>
      {agent.avatarUrl && (
        <button type="button" disabled={profileBusy.value} onClick={() => void removeAvatar()}>
          {STRINGS.remove}
        </button>
      )}
    </section>
  );
}
