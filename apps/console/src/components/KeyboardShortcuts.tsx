/** Runs the keyboard shortcuts while an agent is signed in, and shows them all in the "Keyboard shortcuts" dialog. */
import { useEffect, useRef } from 'preact/hooks';
import type { Agent } from '@parley/protocol';
import { keyLabels } from '../lib/shortcuts.ts';
import { closeHelp, helpOpen, shortcutGroups, startShortcuts } from '../state/shortcuts.ts';
import { strings } from '../strings.ts';

export function KeyboardShortcuts({ agent }: { agent: Agent }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const open = helpOpen.value;
  useEffect(() => startShortcuts(agent.role), [agent.role]);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    // Modal: focus stays inside and the page behind is inert. Every way out (Escape, Close) closes
    // the element first, so closeHelp runs from its close event, once the page takes focus again.
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog ref={dialog} class="shortcuts-help" aria-labelledby="shortcuts-heading" onClose={closeHelp}>
      <header class="shortcuts-header">
        <h2 id="shortcuts-heading">{strings.keyboardShortcuts.keyboardShortcuts}</h2>
        <button type="button" class="ghost" onClick={() => dialog.current?.close()}>
          {strings.keyboardShortcuts.close}
        </button>
      </header>
      {shortcutGroups(agent.role).map((group) => (
          <section key={group.title} aria-label={group.title}>
            <h3>{group.title}</h3>
            <dl>
              {group.shortcuts.map((shortcut) => (
                <div key={`${shortcut.keys.join()} ${shortcut.does}`}>
                  <dt>
                    {shortcut.keys.map((keys, i) => (
                      <span key={keys}>
                        {i > 0 && strings.keyboardShortcuts.or}
                        {keyLabels(keys).map((label, j) => (
                          <span key={j}>
                            {j > 0 && strings.keyboardShortcuts.then}
                            <kbd>{label}</kbd>
                          </span>
                        ))}
                      </span>
                    ))}
                  </dt>
                  <dd>{shortcut.does}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      <p class="muted">{strings.keyboardShortcuts.whileTyping}</p>
    </dialog>
  );
}
