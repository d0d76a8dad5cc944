/** The chat panel, a lazily loaded chunk: renders the dialog and the message preview into the widget's shadow root. */
// Imported for its side effect: it teaches Preact to re-render components that read signals.
import '@preact/signals';
import { render } from 'preact';
import { watchEmailAsk } from '../ask-email.ts';
import { startConversation } from '../conversation.ts';
import { addStyle } from '../host.ts';
import { watchMinimized } from '../minimized.ts';
import css from './panel.css?inline';
import { Panel } from './Panel.tsx';
import { Preview } from './Preview.tsx';

export function mountPanel(root: ShadowRoot): void {
  // First: the frames the loader held are replayed before the first render, which then shows them.
  startConversation();
  const container = document.createElement('div');
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
