/** Entry: starts the router and the session, keeps the tab title's count of unread notifications, renders the app. */
import { effect } from '@preact/signals';
import { render } from 'preact';
import { App } from './components/App.tsx';
import { loadSession } from './state/session.ts';
import { route, startRouter } from './state/router.ts';
import { tabTitle } from './lib/notifications.ts';
import { unreadNotificationCount } from './state/notifications.ts';
import './styles.css';

startRouter();
// The setup page signs in by itself; asking who we are there would race with it.
if (route.peek().name !== 'setup') void loadSession();

effect(() => {
  document.title = tabTitle(unreadNotificationCount.value);
});

render(<App />, document.getElementById('app')!);
