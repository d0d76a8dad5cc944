/** The widget's entry, imported by widget.js: launcher, connection and page API now; the panel later. */
import { attachContext, close, identify, open, startChat } from './chat.ts';
import { forwardStateEvents, on } from './events.ts';
import { guard, warn } from './guard.ts';
import { createHost, whenBody } from './host.ts';
import { createLauncher } from './launcher.ts';
import { installPageApi, type Commands } from './page-api.ts';
import { isOpen, paintOn, panelWanted } from './store.ts';

const IDENTIFY_FIELDS = ['email', 'name', 'phone', 'userId', 'hmac'] as const;
let started = false;

export function start(site: string, serverOrigin: string): void {
  try {
    // The snippet pasted twice must not mean two sockets and two launchers.
    if (started) return;
    started = true;
    startChat(site, serverOrigin);
    forwardStateEvents();
    installPageApi(window as never, {
      identify: (fields) => {
        const given = (fields ?? {}) as Record<string, unknown>;
        identify(Object.fromEntries(IDENTIFY_FIELDS.filter((k) => given[k]).map((k) => [k, String(given[k])])));
      },
      context: (record) => {
        const { type, id, label, url } = (record ?? {}) as Record<string, unknown>;
        if (!type || !id) throw new Error("Parley('context', { type, id, label, url }) needs a type and an id, e.g. { type: 'order', id: '1234' }.");
        attachContext({ type: String(type), id: String(id), label: String(label ?? id), ...(url ? { url: String(url) } : {}) });
      },
      open,
      close,
      on: on as Commands[string],
    });
    whenBody(guard(mount));
  } catch (error) {
    warn('the chat widget could not start:', error);
  }
}

function mount(): void {
  const root = createHost();
  const launcher = createLauncher(root);
  let panel: Promise<void> | undefined;
  const loadPanel = () =>
    (panel ??= import('./panel/index.tsx').then(
      (module) => module.mountPanel(root),
      (error) => {
        panel = undefined;
        warn('the chat panel did not load:', error);
      },
    ));
  // Also when a message comes: the panel chunk holds the conversation, and previews the message beside the launcher.
  paintOn([isOpen, panelWanted], () => (isOpen.value || panelWanted.value) && loadPanel());
  // Fetched on intent (a pointer over the launcher, a finger on it, focus), so the first open is
  // quick and a visitor who never reaches for the chat never pays for the panel, however long they stay.
  for (const intent of ['pointerenter', 'touchstart', 'focus']) launcher.addEventListener(intent, () => void loadPanel(), { once: true, passive: true });
}
