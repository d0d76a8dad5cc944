/** Picks the page: setup link, sign-in, or the inbox. */
import { route } from '../state/router.ts';
import { loadSession, session } from '../state/session.ts';
import { AuthCard } from './AuthCard.tsx';
import { Inbox } from './Inbox.tsx';
import { KeyboardShortcuts } from './KeyboardShortcuts.tsx';
import { SetupPage } from './SetupPage.tsx';
import { SignIn } from './SignIn.tsx';
import { strings } from '../strings.ts';

export function App() {
  const current = route.value;
  if (current.name === 'setup') return <SetupPage token={current.token} />;
  const state = session.value;
  switch (state.status) {
    case 'loading':
      return <p class="splash">{strings.common.loading}</p>;
    case 'unreachable':
      return (
        <AuthCard title={strings.app.notAnswering}>
          <p role="alert" class="form-error">{state.message}</p>
          <button type="button" class="primary" onClick={() => void loadSession()}>
            {strings.app.tryAgain}
          </button>
        </AuthCard>
      );
    case 'signed-out':
      return <SignIn />;
    case 'signed-in':
      return (
        <>
          <Inbox agent={state.agent} />
          <KeyboardShortcuts agent={state.agent} />
        </>
      );
  }
}
