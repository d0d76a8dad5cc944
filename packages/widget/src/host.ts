/** The widget's one element in the host page: an open shadow root at the end of <body>, so page CSS cannot reach in. */
import css from './host.css?inline';

export function whenBody(ready: () => void): void {
  if (document.body) ready();
  else document.addEventListener('DOMContentLoaded', ready, { once: true });
}

export function createHost(): ShadowRoot {
  const host = document.createElement('parley-chat');
  const root = host.attachShadow({ mode: 'open' });
  addStyle(root, css);
  document.body.append(host);
  return root;
}

export function addStyle(root: ShadowRoot, text: string): void {
  const style = document.createElement('style');
  style.textContent = text;
  root.append(style);
}
