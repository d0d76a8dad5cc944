/** On a phone the open panel is the whole screen: it follows the visual viewport (which the on-screen keyboard shrinks), and the page behind it does not scroll. */
import { effect, signal } from '@preact/signals-core';
import { isOpen } from '../state.ts';

/** Where the panel fills the screen: the same width as panel.css's media query. */
const PHONE = '(max-width: 480px)';

/** Returns the disposer; the effect runs on every open and undoes itself on close, or when the screen turns wider than a phone's. */
export function fitPhone(panel: HTMLElement): () => void {
  const query = matchMedia(PHONE);
  const narrow = signal(query.matches);
  const changed = () => (narrow.value = query.matches);
  query.addEventListener('change', changed);
  const dispose = effect(() => {
    if (!isOpen.value || !narrow.value) return;
    const unlock = lockPageScroll();
    const viewport = window.visualViewport;
    // The layout viewport keeps its height when the keyboard opens; the visual one shrinks to what is seen.
    const fit = () => {
      if (!viewport) return;
      panel.style.setProperty('--viewport-height', `${viewport.height}px`);
      panel.style.setProperty('--viewport-top', `${viewport.offsetTop}px`);
    };
    fit();
    viewport?.addEventListener('resize', fit);
    viewport?.addEventListener('scroll', fit);
    return () => {
      viewport?.removeEventListener('resize', fit);
      viewport?.removeEventListener('scroll', fit);
      panel.style.removeProperty('--viewport-height');
      panel.style.removeProperty('--viewport-top');
      unlock();
    };
  });
  return () => {
    query.removeEventListener('change', changed);
    dispose();
  };
}

/** What the lock sets on the page's <html> and <body>, longhands (a page's own overflow-x survives), inline and important: it beats the page's own rules, even its !important ones. */
const LOCK = { 'overflow-x': 'hidden', 'overflow-y': 'hidden', 'overscroll-behavior-x': 'none', 'overscroll-behavior-y': 'none' };

/**
 * Stops the host page scrolling behind the panel and returns how to undo it: the page's own inline
 * values of those properties come back as they were (with their priority), anything else the page
 * changed meanwhile stays, and so does its scroll position. Overflow only (no `position: fixed` on
 * the body), so the page keeps its scroll offset meanwhile.
 */
function lockPageScroll(): () => void {
  const elements = [document.documentElement, document.body];
  const saved = elements.map((element) => ({
    hadStyle: element.hasAttribute('style'),
    values: Object.keys(LOCK).map((name) => [name, element.style.getPropertyValue(name), element.style.getPropertyPriority(name)] as const),
  }));
  const { scrollX, scrollY } = window;
  for (const element of elements) for (const [name, value] of Object.entries(LOCK)) element.style.setProperty(name, value, 'important');
  return () => {
    elements.forEach((element, i) => {
      const { hadStyle, values } = saved[i]!;
      for (const [name, value, priority] of values) {
        if (value) element.style.setProperty(name, value, priority);
        else element.style.removeProperty(name);
      }
      // Read before removing: Chromium writes an inline style back to its attribute lazily, and would
      // leave style="" behind on a page whose element had none.
      if (!hadStyle && element.getAttribute('style') === '') element.removeAttribute('style');
    });
    window.scrollTo(scrollX, scrollY);
  };
}
