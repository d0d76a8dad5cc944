/** The one-time question in the message log: the visitor's email, so a late reply reaches them. */
import { MAX_EMAIL_LENGTH } from '@parley/protocol';
import { answerEmailCard, dismissEmailCard, emailCard } from '../ask-email.ts';
import { email } from '../state.ts';
import { t } from '../i18n.ts';

export function EmailCard() {
  if (emailCard.value === 'answered') return email.value && <p class="note">{t('emailYou', { email: email.value })}</p>;
  // An email that arrived some other way (identify, an agent) answers the question too.
  if (emailCard.value !== 'ask' || email.value) return null;
  return (
    <form
      class="card"
      onSubmit={(event) => {
        event.preventDefault();
        answerEmailCard(String(new FormData(event.currentTarget).get('email')));
      }}
    >
      <p>{t('emailAsk')}</p>
      <label>
        {t('email')}
        <input name="email" type="email" required autocomplete="email" maxLength={MAX_EMAIL_LENGTH} />
      </label>
      <div>
        <button type="submit">{t('notifyMe')}</button>
        <button type="button" class="secondary" onClick={dismissEmailCard}>
          {t('noThanks')}
        </button>
      </div>
    </form>
  );
}
