/** The sign-in form shown when /api/me says nobody is signed in. */
import { useState } from 'preact/hooks';
import { signIn } from '../state/session.ts';
import { AuthCard, Field, FormError } from './AuthCard.tsx';

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
    <AuthCard title="Sign in" intro="Answer your visitors from here.">
      <form class="auth-form" onSubmit={submit} noValidate>
        <FormError message={error} />
        <Field label="Email" name="email" type="email" autocomplete="username" required />
        <Field label="Password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit" class="primary" disabled={busy}>
          Sign in
        </button>
      </form>
    </AuthCard>
  );
}
