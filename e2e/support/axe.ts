/** axe-core over a page (shadow roots included): the serious and critical violations fail a test; the moderate ones are printed for the record. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** `within`: only this part, as a path of selectors through shadow roots (e.g. ['parley-chat', '.preview']). */
export async function expectAccessible(page: Page, view: string, within?: [string, string, ...string[]]): Promise<void> {
  const builder = new AxeBuilder({ page });
  if (within) builder.include({ fromShadowDom: within });
  const { violations } = await builder.analyze();
  const line = (v: (typeof violations)[number]) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ')}`).join('\n    ')}`;
  const minor = violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical');
  if (minor.length) console.log(`axe, ${view}, not failing:\n  ${minor.map(line).join('\n  ')}`);
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(blocking.map(line), `axe, ${view}`).toEqual([]);
}
