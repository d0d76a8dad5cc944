/** The chat panel, a lazily loaded chunk: renders into the widget's shadow root. */
// Imported for its side effect: it teaches Preact to re-render components that read signals.
import '@preact/signals';
import { render } from 'preact';
import { addStyle } from '../host.ts';
import css from './panel.css?inline';
import { Panel } from './Panel.tsx';

export function mountPanel(root: ShadowRoot): void {
  const container = document.createElement('div');
  addStyle(root, css);
  root.append(container);
  render(<Panel />, container);
}
