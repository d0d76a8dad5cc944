/** With no agent available and no email known: when the team is back, an email to answer to, and the message. */
import { MAX_EMAIL_LENGTH, MAX_MESSAGE_LENGTH } from '@parley/protocol';
import { leaveMessage } from '../send.ts';
import { submitOnEnter } from './Composer.tsx';
import { t } from '../i18n.ts';
import { backAt, config } from '../state.ts';
import { backText, visitorLocale } from './when.ts';

export function OfflineForm() {
  const until = backAt.value;
  return (
    <form
      class="offline"
      onSubmit={(event) => {
        event.preventDefault();
        const fields = new FormData(event.currentTarget);
        leaveMessage(String(fields.get('email')), String(fields.get('message')));
      }}
    >
      <p>{config.value?.awayMessage || t('offlineIntro')}</p>
      {until && <p class="back">{backText(until, Date.now(), visitorLocale())}</p>}
      <label>
        {t('email')}
        <input name="email" type="email" required autocomplete="email" maxLength={MAX_EMAIL_LENGTH} />
      </label>
      <label>
        {t('message')}
        <textarea name="message" required rows={3} maxLength={MAX_MESSAGE_LENGTH} onKeyDown={submitOnEnter} />
      </label>
      <button type="submit">{t('send')}</button>
    </form>
  );
}
