/** Settings → Your profile: every agent's own photo (initials without one), which visitors see in the widget's header. */
import { type Agent, AVATAR_MAX_BYTES, humanSize, initials } from '@parley/protocol';
import { profileBusy, profileError, removeAvatar, uploadAvatar } from '../state/profile.ts';
import { FormError } from './AuthCard.tsx';
import { strings } from '../strings.ts';


export function Profile({ agent }: { agent: Agent }) {
  return (
    <section aria-labelledby="profile-heading" class="profile">
      <h2 id="profile-heading">{strings.profile.heading}</h2>
      <p class="muted">{strings.profile.explain(humanSize(AVATAR_MAX_BYTES))}</p>
      <p>
        {agent.avatarUrl ? (
          <img src={agent.avatarUrl} alt={strings.profile.photoOf(agent.name)} width={64} height={64} />
        ) : (
          <span class="initials" aria-hidden="true">
            {initials(agent.name)}
          </span>
        )}{' '}
        <strong>{agent.name}</strong>
      </p>
      <FormError message={profileError.value} />
      <label class="field">
        <span>{profileBusy.value ? strings.common.saving : strings.profile.upload}</span>
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
          {strings.profile.remove}
        </button>
      )}
    </section>
  );
}
