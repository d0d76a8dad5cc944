/** The one-time setup link's page: creates the first admin, who is then signed in. */
import { useEffect, useState } from 'preact/hooks';
import { createFirstAdmin, setupTokenIsValid } from '../state/session.ts';
import { AuthCard, Field, FormError } from './AuthCard.tsx';

export function SetupPage({ token }: { token: string }) {
  const [valid, setValid] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void setupTokenIsValid(token).then(setValid);
  }, [token]);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const field = (name: string) => String(form.get(name) ?? '');
    setBusy(true);
    setError(await createFirstAdmin({ token, name: field('name'), email: field('email'), password: field('password') }));
    setBusy(false);
  }

  if (valid === null) return <p class="splash">Checking the setup link…</p>;
  if (!valid) {
    return (
      <AuthCard title="This setup link no longer works">
        <p class="muted">It was used already, or an admin exists. Sign in instead.</p>
        <a class="primary button" href={import.meta.env.BASE_URL}>
          Go to sign in
        </a>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Create the first admin" intro="This account can add agents and sites.">
      <form class="auth-form" onSubmit={submit} noValidate>
        <FormError message={error} />
        <Field label="Name" name="name" autocomplete="name" required />
        <Field label="Email" name="email" type="email" autocomplete="username" required />
        <Field label="Password" name="password" type="password" autocomplete="new-password" minLength={8} required />
        <button type="submit" class="primary" disabled={busy}>
          Create admin account
        </button>
      </form>
    </AuthCard>
  );
}
