/**
 * What a screen reader would announce from the widget: the text of every node added inside one of
 * its live regions (the log, the status) that was already in the document and shown, unless a
 * nearer aria-live="off" silences it. A region that appears with its text, or is shown from hidden,
 * is not announced, and is not recorded.
 */
import type { Page } from '@playwright/test';

export async function recordAnnouncements(page: Page): Promise<void> {
  await page.evaluate(() => {
    const root = document.querySelector('parley-chat')!.shadowRoot!;
    const heard: string[] = ((window as unknown as { heard: string[] }).heard = []);
    const regions = () => new Set([...root.querySelectorAll('[role=log], [role=status]')].filter((region) => !region.closest('[hidden]')));
    let live = regions();
    new MutationObserver((records) => {
      for (const record of records) {
        const region = (record.target as Element).closest?.('[role=log], [role=status]');
        if (!region || !live.has(region) || region.closest('[hidden]')) continue;
        for (const node of record.addedNodes) {
          const element = node instanceof Element ? node : node.parentElement;
          if (element?.closest('[aria-live]')?.getAttribute('aria-live') === 'off') continue;
          heard.push(node.textContent ?? '');
        }
      }
      live = regions();
    }).observe(root, { childList: true, subtree: true, attributes: true });
  });
}

/** Everything recorded so far, joined by ' | '. */
export function heard(page: Page): Promise<string> {
  return page.evaluate(() => (window as unknown as { heard: string[] }).heard.join(' | '));
}
