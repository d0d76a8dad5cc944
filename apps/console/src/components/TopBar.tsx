/**
 * Brand, the views, connection state, notifications, the shortcuts' help, this agent's availability,
 * the team's, the chat switch (admins), and "Sign out"; on narrow screens the views onwards fold into a menu so the bar keeps one row.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Agent } from '@parley/protocol';
import type { Route } from '../lib/route.ts';
import { duration } from '../lib/time.ts';
import { NotificationCentre } from './NotificationCentre.tsx';
import { availableAgents, setAwayAfter, setMyStatus, team } from '../state/agents.ts';
import { CUSTOMERS_PATH, goToCustomers, goToHistory, goToInbox, goToMail, goToSettings, goToVisitors, HISTORY_PATH, route, SETTINGS_PATH } from '../state/router.ts';
import { signOut } from '../state/session.ts';
import { openHelp } from '../state/shortcuts.ts';
import { chatOn, chatSwitch, loadSites, setChatEverywhere, sitesState } from '../state/site-settings.ts';
import { connection } from '../state/socket.ts';
import { synced } from '../state/sync.ts';
import { onlineVisitors } from '../state/visitors.ts';
import { strings } from '../strings.ts';

/** Seconds. */
const AWAY_AFTER = [
  { value: 0, label: strings.topBar.awayAfter.never },
  { value: 300, label: strings.topBar.awayAfter.min5 },
  { value: 900, label: strings.topBar.awayAfter.min15 },
  { value: 3600, label: strings.topBar.awayAfter.hour1 },
  { value: 14_400, label: strings.topBar.awayAfter.hours4 },
];

export function TopBar({ agent }: { agent: Agent }) {
  const status = synced.value ? '' : connection.value === 'waiting' ? strings.topBar.reconnecting : strings.topBar.connecting;
  // Narrow screens show the menu's contents behind the "Menu" button; wider ones lay them out in the bar.
  const [menuOpen, setMenuOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  return (
    <header
      class="topbar"
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !menuOpen) return;
        event.preventDefault();
        setMenuOpen(false);
        toggle.current?.focus();
      }}
    >
      <span class="brand">{strings.common.brand}</span>
      <span class="connection" role="status">
        {status}
      </span>
      <NotificationCentre agent={agent} />
      <button type="button" class="icon" aria-label={strings.topBar.keyboardShortcuts} title={strings.topBar.keyboardShortcutsKey} onClick={openHelp}>
        ?
      </button>
      <button
        type="button"
        class="icon menu-toggle"
        aria-label={strings.topBar.menu}
        aria-expanded={menuOpen}
        aria-controls="topbar-menu"
        ref={toggle}
        onClick={() => setMenuOpen(!menuOpen)}
      >
        <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
          <path d="M3 5h14M3 10h14M3 15h14" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
        </svg>
      </button>
      <div
        id="topbar-menu"
        class={`topbar-menu${menuOpen ? ' open' : ''}`}
        onClick={(event) => {
          if ((event.target as Element).closest('nav a, nav button')) setMenuOpen(false);
        }}
      >
        <Views agent={agent} />
        <Availability agent={agent} />
        {agent.role === 'admin' && <ChatSwitch />}
        <Team />
        <span class="agent-name" title={agent.email}>
          {agent.name}
        </span>
        <button type="button" class="ghost" onClick={() => void signOut()}>
          {strings.topBar.signOut}
        </button>
      </div>
    </header>
  );
}

function Views({ agent }: { agent: Agent }) {
  const current = route.value.name;
  const count = onlineVisitors.value.length;
  return (
    <nav class="views" aria-label={strings.topBar.views}>
      <button type="button" aria-current={current === 'inbox' ? 'page' : undefined} onClick={() => goToInbox()}>
        {strings.topBar.inbox}
      </button>
      <button type="button" aria-current={current === 'visitors' ? 'page' : undefined} onClick={goToVisitors}>
        {strings.topBar.visitorsOnline}
        {/* Kept out of the button's name: the count is in the view's heading. */}
        {count > 0 && <span class="count" aria-hidden="true">{count}</span>}
      </button>
      <NavLink href={CUSTOMERS_PATH} view="customers" go={goToCustomers} label={strings.topBar.customers} />
      <NavLink href={HISTORY_PATH} view="history" go={goToHistory} label={strings.topBar.history} />
      {agent.role === 'admin' && (
        <button type="button" aria-current={current === 'mail' ? 'page' : undefined} onClick={goToMail}>
          {strings.topBar.sentMail}
        </button>
      )}
      {/* Every agent's: their own templates are there. */}
      <NavLink href={SETTINGS_PATH} view="settings" go={goToSettings} label={strings.topBar.settings} />
    </nav>
  );
}

/** A view with its own address: a real link (it opens in a new tab), followed in place on a plain click. */
function NavLink({ href, view, go, label }: { href: string; view: Route['name']; go: () => void; label: string }) {
  return (
    <a
      class="button"
      href={href}
      aria-current={route.value.name === view ? 'page' : undefined}
      onClick={(event) => {
        event.preventDefault();
        go();
      }}
    >
      {label}
    </a>
  );
}

function Availability({ agent }: { agent: Agent }) {
  const away = agent.status === 'away';
  const options = AWAY_AFTER.some((o) => o.value === agent.awayAfter)
    ? AWAY_AFTER
    : [...AWAY_AFTER, { value: agent.awayAfter, label: duration(agent.awayAfter * 1000) }];
  return (
    <div class="availability" role="group" aria-label={strings.topBar.yourAvailability}>
      <span class={`my-status ${away ? 'away' : 'available'}`}>
        <span class="presence-dot" aria-hidden="true" />
        {away ? strings.topBar.away : strings.topBar.available}
      </span>
      <button type="button" onClick={() => setMyStatus(away ? 'available' : 'away')}>
        {away ? strings.topBar.setAvailable : strings.topBar.setAway}
      </button>
      <label class="away-after">
        <span>{strings.topBar.turnAwayAfter}</span>
        <select value={String(agent.awayAfter)} onChange={(event) => setAwayAfter(Number(event.currentTarget.value))}>
          {options.map((o) => (
            <option key={o.value} value={String(o.value)}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

function Team() {
  if (team.value.length === 0) return null;
  const available = availableAgents.value;
  const names = available.map((a) => a.name).join(', ');
  return (
    <span class="team" title={names ? strings.topBar.availableNames(names) : strings.topBar.noAgentAvailable}>
      {strings.topBar.availableCount(available.length)}
    </span>
  );
}

/** Every site's chat at once: off shows every widget the offline form. */
function ChatSwitch() {
  useEffect(() => {
    if (sitesState.value.items === null) void loadSites();
  }, []);
  const on = chatOn.value;
  if (on === null) return null;
  const sites = sitesState.value.items ?? [];
  const onCount = sites.filter((site) => site.settings.chat).length;
  const { busy, error } = chatSwitch.value;
  return (
    <div class="chat-switch">
      <label title={sites.length > 1 ? strings.topBar.chatEverywhere : undefined}>
        {/* The word "on" is the switch's own state: "Chat" beside it keeps the bar on one row at laptop widths. */}
        <input
          type="checkbox"
          role="switch"
          aria-label={strings.topBar.chatOn}
          checked={on}
          aria-busy={busy}
          disabled={busy}
          onChange={(event) => void setChatEverywhere(event.currentTarget.checked)}
        />
        <span aria-hidden="true">{strings.topBar.chat}</span>
      </label>
      {sites.length > 1 && onCount > 0 && onCount < sites.length && (
        <span class="muted">
          {strings.topBar.sitesOn(onCount, sites.length)}
        </span>
      )}
      {error && (
        <span role="alert" class="form-error">
          {error}
        </span>
      )}
    </div>
  );
}
