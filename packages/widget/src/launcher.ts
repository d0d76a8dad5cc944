/** The launcher button, in plain DOM: it is all most visitors ever see, so it must not wait for Preact. */
import { effect } from '@preact/signals-core';
import { open } from './chat.ts';
import { guard } from './guard.ts';
import { isOpen, stopped, unread } from './state.ts';

/** A speech bubble. Built with createElementNS: innerHTML throws on pages that enforce Trusted Types. */
const ICON = 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z';

export function icon(path: string): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  const shape = document.createElementNS(ns, 'path');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  shape.setAttribute('d', path);
  svg.append(shape);
  return svg;
}

export function createLauncher(root: ShadowRoot): HTMLButtonElement {
  const button = document.createElement('button');
  const badge = document.createElement('span');
  button.type = 'button';
  button.className = 'launcher';
  button.setAttribute('aria-label', 'Open chat');
  button.setAttribute('aria-haspopup', 'dialog');
  badge.className = 'badge';
  button.append(icon(ICON), badge);
  button.onclick = guard(open);
  root.append(button);

  effect(() => {
    const count = unread.value;
    badge.textContent = count ? (count > 9 ? '9+' : String(count)) : '';
  });
  effect(() => {
    const wasHidden = button.hidden;
    button.hidden = isOpen.value || stopped.value;
    // Focus comes back to the launcher only when it was in the widget (Escape, Minimize), never from the page.
    if (wasHidden && !button.hidden && root.activeElement) button.focus();
  });
  return button;
}
