/** The launcher button, in plain DOM: it is all most visitors ever see, so it must not wait for Preact. */
import { DEFAULT_BRAND_COLOR, textOn } from '@parley/protocol';
import { open } from './chat.ts';
import { guard } from './guard.ts';
import { openChatLabel } from './launcher-strings.ts';
import { available, config, isOpen, paintOn, stopped, unread } from './store.ts';

/** A speech bubble; the question icon is a bold "?", cheaper than a second path. */
const BUBBLE = 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z';

export function createLauncher(root: ShadowRoot): HTMLButtonElement {
  const host = root.host as HTMLElement;
  const button = document.createElement('button');
  const label = document.createElement('span');
  const badge = document.createElement('span');
  const question = document.createElement('b');
  // Built with createElementNS: innerHTML throws on pages that enforce Trusted Types.
  const ns = 'http://www.w3.org/2000/svg';
  const bubble = document.createElementNS(ns, 'svg');
  const shape = document.createElementNS(ns, 'path');
  bubble.setAttribute('viewBox', '0 0 24 24');
  shape.setAttribute('d', BUBBLE);
  bubble.append(shape);
  question.textContent = '?';
  // No form around it, so no need for type=button; its name is its aria-label.
  button.className = 'launcher';
  button.setAttribute('aria-haspopup', 'dialog');
  badge.className = 'badge';
  button.onclick = guard(open);
  root.append(button);

  paintOn([config, available], () => {
    const c = config.value;
    const color = c?.brandColor ?? DEFAULT_BRAND_COLOR;
    const vars = { accent: color, 'on-accent': textOn(color), x: `${c?.offsetX ?? 20}px`, y: `${c?.offsetY ?? 20}px` };
    // On the host, so the panel's styles use them too; custom properties pass `all: initial`.
    for (const [name, value] of Object.entries(vars)) host.style.setProperty(`--${name}`, value);
    host.dataset.side = c?.position || 'right';
    label.textContent = c?.launcherLabel ?? '';
    // 'none' shows the label alone; with no label either, the bubble stays, or the button would be empty.
    const shown = c?.launcherIcon === 'question' ? question : c?.launcherIcon !== 'none' || !label.textContent ? bubble : '';
    button.replaceChildren(shown, ...(label.textContent ? [label] : []), badge);
    button.setAttribute('aria-label', openChatLabel());
    // Grey while nobody can answer (the chat is off, or outside opening hours): a message still reaches the team.
    button.classList.toggle('away', !available.value);
  });
  paintOn([unread], () => {
    const count = unread.value;
    badge.textContent = count > 9 ? '9+' : count ? String(count) : '';
  });
  paintOn([isOpen, stopped], () => {
    const wasHidden = button.hidden;
    button.hidden = isOpen.value || stopped.value;
    // Focus comes back to the launcher only when it was in the widget (Escape, Minimize), never from the page.
    if (wasHidden && !button.hidden && root.activeElement) button.focus();
  });
  return button;
}
