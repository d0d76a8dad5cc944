/** Entry: starts the router and the session, keeps the tab title's unread count, renders the app. */
import { effect } from '@preact/signals';
import { render } from 'preact';
import { App } from './components/App.tsx';
import { loadSession } from './state/session.ts';
import { route, startRouter } from './state/router.ts';
import { unreadCount } from './state/unread.ts';
import './styles.css';

startRouter();
// The setup page signs in by itself; asking who we are there would race with it.
if (route.peek().name !== 'setup') void loadSession();

effect(() => {
  const unread = unreadCount.value;
  document.title = unread > 0 ? `(${unread}) Parley console` : 'Parley console';
});

render(<App />, document.getElementById('app')!);
