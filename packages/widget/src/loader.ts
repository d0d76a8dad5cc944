/** The widget's entry, imported by widget.js: launcher, connection and page API now; the panel later. */
import { effect } from '@preact/signals-core';
import { attachContext, close, identify, open, startChat } from './chat.ts';
import { forwardStateEvents, on } from './events.ts';
import { guard, warn } from './guard.ts';
import { createHost, whenBody } from './host.ts';
import { createLauncher } from './launcher.ts';
import { installPageApi } from './page-api.ts';
import { isOpen, preview } from './state.ts';

const IDENTIFY_FIELDS = ['email', 'name', 'phone', 'userId', 'hmac'] as const;
let started = false;

export function start(site: string, serverOrigin: string): void {
  try {
    // The snippet pasted twice must not mean two sockets and two launchers.
    if (started) return;
    started = true;
    const continuing = startChat(site, serverOrigin);
    forwardStateEvents();
    installPageApi(window as never, {
      identify: (fields) => {
        const given = (fields ?? {}) as Record<string, unknown>;
        identify(Object.fromEntries(IDENTIFY_FIELDS.filter((k) => given[k]).map((k) => [k, String(given[k])])));
      },
      context: (record) => {
        const { type, id, label, url } = (record ?? {}) as Record<string, unknown>;
        if (!type || !id) throw new Error("Parley('context', { type, id, label, url }) needs at least a type and an id, e.g. { type: 'order', id: '1234', label: 'Order #1234' }.");
        attachContext({ type: String(type), id: String(id), label: String(label ?? id), ...(url ? { url: String(url) } : {}) });
      },
      open,
      close,
      on: (name, handler) => on(name as string, handler),
    });
    whenBody(guard(() => mount(continuing)));
  } catch (error) {
    warn('the chat widget could not start:', error);
  }
}

/** `continuing`: the chat opens as soon as the server welcomes the visitor back, so the panel loads now. */
function mount(continuing: boolean): void {
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
  // The panel chunk also renders the preview of an agent's message beside the launcher.
  effect(() => {
    if (isOpen.value || preview.value || continuing) loadPanel();
  });
  // Fetched on intent (a pointer over the launcher, a finger on it, focus), so the first open is
  // quick and a visitor who never reaches for the chat never pays for the panel, however long they stay.
  for (const intent of ['pointerenter', 'touchstart', 'focus']) launcher.addEventListener(intent, () => void loadPanel(), { once: true, passive: true });
}
