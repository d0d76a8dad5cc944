/** The one-time setup link's page: creates the first admin, who is then signed in. */
import { useEffect, useState } from 'preact/hooks';
import { createFirstAdmin, setupTokenIsValid } from '../state/session.ts';
import { AuthCard, Field, FormError } from './AuthCard.tsx';
import { strings } from '../strings.ts';

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

  if (valid === null) return <p class="splash">{strings.setupPage.checking}</p>;
  if (!valid) {
    return (
      <AuthCard title={strings.setupPage.linkDead}>
        <p class="muted">{strings.setupPage.linkDeadWhy}</p>
        <a class="primary button" href={import.meta.env.BASE_URL}>
          {strings.setupPage.goToSignIn}
        </a>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={strings.setupPage.title} intro={strings.setupPage.intro}>
      <form class="auth-form" onSubmit={submit} noValidate>
        <FormError message={error} />
        <Field label={strings.common.name} name="name" autocomplete="name" required />
        <Field label={strings.common.email} name="email" type="email" autocomplete="username" required />
        <Field label={strings.common.password} name="password" type="password" autocomplete="new-password" minLength={8} required />
        <button type="submit" class="primary" disabled={busy}>
          {strings.setupPage.create}
        </button>
      </form>
    </AuthCard>
  );
}
