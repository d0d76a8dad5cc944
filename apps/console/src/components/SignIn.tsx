/** The sign-in form shown when /api/me says nobody is signed in. */
import { useState } from 'preact/hooks';
import { signIn } from '../state/session.ts';
import { AuthCard, Field, FormError } from './AuthCard.tsx';
import { strings } from '../strings.ts';

export function SignIn() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(await signIn(String(form.get('email') ?? ''), String(form.get('password') ?? '')));
    setBusy(false);
  }

  return (
    <AuthCard title={strings.signIn.signIn} intro={strings.signIn.intro}>
      <form class="auth-form" onSubmit={submit} noValidate>
        <FormError message={error} />
        <Field label={strings.common.email} name="email" type="email" autocomplete="username" required />
        <Field label={strings.common.password} name="password" type="password" autocomplete="current-password" required />
        <button type="submit" class="primary" disabled={busy}>
          {strings.signIn.signIn}
        </button>
      </form>
    </AuthCard>
  );
}
