/** The top bar's "Notifications" button with its unread count, and the centre it opens: the items (an offer with "Grab") and the agent's alert switches. */
import type { Agent } from '@parley/protocol';
import { notificationTitle } from '../lib/notifications.ts';
import { messageTime } from '../lib/time.ts';
import { now } from '../state/clock.ts';
import { strings } from '../strings.ts';
import {
  grab,
  markAllNotificationsRead,
  notificationCentreOpen,
  notifications,
  openNotification,
  setDesktop,
  setSound,
  toggleNotificationCentre,
  unreadNotificationCount,
} from '../state/notifications.ts';

export function NotificationCentre({ agent }: { agent: Agent }) {
  const unread = unreadNotificationCount.value;
  const open = notificationCentreOpen.value;
  const items = notifications.value;
  return (
    <div class="notification-centre">
      <button
        type="button"
        aria-label={unread > 0 ? strings.notificationCentre.notificationsUnread(unread) : strings.notificationCentre.notifications}
        aria-expanded={open}
        aria-controls="notification-panel"
        onClick={toggleNotificationCentre}
      >
        {strings.notificationCentre.notifications}
        {unread > 0 && (
          <span class="count unread-count" aria-hidden="true">
            {unread}
          </span>
        )}
      </button>
      {open && (
        <section id="notification-panel" class="notification-panel" aria-label={strings.notificationCentre.centre}>
          <div class="notification-switches">
            <label>
              <input type="checkbox" role="switch" checked={agent.sound} onChange={(event) => setSound(event.currentTarget.checked)} />
              {strings.notificationCentre.sound}
            </label>
            <label>
              <input type="checkbox" role="switch" checked={agent.desktop} onChange={(event) => void setDesktop(event.currentTarget.checked)} />
              {strings.notificationCentre.desktop}
            </label>
            {unread > 0 && (
              <button type="button" class="ghost" onClick={markAllNotificationsRead}>
                {strings.notificationCentre.markAllRead}
              </button>
            )}
          </div>
          <ul class="notification-list" aria-label={strings.notificationCentre.notifications}>
            {items.map((item) => (
              <li key={item.id} class={item.read ? 'read' : 'unread'}>
                <button type="button" class="ghost" onClick={() => openNotification(item)}>
                  <strong>{notificationTitle(item)}</strong>
                  <span class="notification-body">{item.text}</span>
                  <time class="muted">{messageTime(item.at, now.value)}</time>
                </button>
                {item.kind === 'offer' && (
                  <button type="button" class="grab" onClick={() => grab(item, agent)}>
                    {strings.notificationCentre.grab}
                  </button>
                )}
              </li>
            ))}
          </ul>
          {items.length === 0 && <p class="muted">{strings.notificationCentre.nothingNew}</p>}
        </section>
      )}
    </div>
  );
}
