/** The chat panel, a lazily loaded chunk: renders the dialog and the message preview into the widget's shadow root. */
// Imported for its side effect: it teaches Preact to re-render components that read signals.
import '@preact/signals';
import { effect } from '@preact/signals-core';
import { render } from 'preact';
import { watchEmailAsk } from '../ask-email.ts';
import { startConversation } from '../conversation.ts';
import { addStyle } from '../host.ts';
import { dir, lang, watchLanguage } from '../i18n.ts';
import { watchMinimized } from '../minimized.ts';
import css from './panel.css?inline';
import { Panel } from './Panel.tsx';
import { Preview } from './Preview.tsx';

/**
 * Renders once the visitor's language has arrived, so no English flashes before their own words. The
 * strings are fetched here, not by the loader: their chunk map would cost every visitor ~0.4 KiB gzip
 * before open, and the panel itself is fetched on intent, ahead of the click, so both are usually in.
 */
export async function mountPanel(root: ShadowRoot): Promise<void> {
  // First: the frames the loader held are replayed before the first render, which then shows them.
  startConversation();
  await watchLanguage();
  const container = document.createElement('div');
  // The preview beside the launcher too, not only the dialog, reads in the visitor's language and direction.
  effect(() => {
    container.lang = lang.value;
    container.dir = dir.value;
  });
  addStyle(root, css);
  root.append(container);
  render(
    <>
      <Preview />
      <Panel />
    </>,
    container,
  );
  watchEmailAsk();
  watchMinimized();
}
