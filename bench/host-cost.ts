/**
 * What the widget costs the page it is pasted into, as Lighthouse scores it: the same shop page with and
 * without the embed snippet, each audited a few times in Chromium (mobile and desktop presets, simulated throttling), medians
 * side by side. The page without the snippet is the baseline measured in the same run.
 */
import { createServer, type Server } from 'node:http';
import { chromium } from '@playwright/test';
import lighthouse, { desktopConfig } from 'lighthouse';
import { CHROMIUM_ARGS, findChromium } from '../e2e/support/chromium.ts';
import { createParley, freePort } from './parley-server.ts';

const RUNS = 3;

/** A small shop page: a heading, text, an image-sized block: enough for paint and layout metrics to mean something. */
function shopPage(snippet: string): string {
  const items = Array.from({ length: 12 }, (_, i) => `<li><div class="img"></div><h3>Item ${i + 1}</h3><p>A fine thing, well made, at a fair price.</p></li>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Shop</title><meta name="description" content="A shop"><style>body{font:16px system-ui;margin:0 auto;max-width:60rem;padding:1rem}ul{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:1rem;list-style:none;padding:0}.img{height:8rem;background:#e8e2d8}</style>
</head><body><header><h1>The Shop</h1><p>Handmade goods, shipped from our workshop.</p></header><main><ul>${items}</ul></main>${snippet}</body></html>`;
}

interface Figures {
  score: number;
  tbt: number;
  fcp: number;
  lcp: number;
  cls: number;
  bootup: number;
}

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

type FormFactor = 'mobile' | 'desktop';

async function audit(url: string, port: number, form: FormFactor): Promise<Figures> {
  const flags = { port, output: 'json' as const, logLevel: 'error' as const, onlyCategories: ['performance'] };
  const result = await lighthouse(url, flags, form === 'desktop' ? desktopConfig : undefined);
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { lhr } = result;
  const value = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  return {
    score: Math.round((lhr.categories.performance?.score ?? 0) * 100),
    tbt: value('total-blocking-time'),
    fcp: value('first-contentful-paint'),
    lcp: value('largest-contentful-paint'),
    cls: value('cumulative-layout-shift'),
    bootup: value('bootup-time'),
  };
}

export async function hostCost(): Promise<void> {
  const parley = await createParley();
  let page: Server | undefined;
  const debugPort = await freePort();
  const browser = await chromium.launch({ executablePath: findChromium(), args: [...CHROMIUM_ARGS, `--remote-debugging-port=${debugPort}`] });
  try {
    await parley.start();
    const pagePort = await freePort();
    const pageOrigin = `http://127.0.0.1:${pagePort}`;
    const key = /key: (\S+)/.exec(parley.cli('site', 'add', '--name', 'Shop', '--origin', pageOrigin))![1];
    const snippet = `<script async src="${parley.origin}/widget.js" data-site="${key}"></script>`;
    page = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(shopPage(req.url === '/with' ? snippet : ''));
    });
    await new Promise<void>((resolve) => page!.listen(pagePort, '127.0.0.1', resolve));

    for (const form of ['mobile', 'desktop'] as const) await report(form, pageOrigin, debugPort);
  } finally {
    await browser.close();
    page?.close();
    await parley.destroy();
  }
}

async function report(form: FormFactor, pageOrigin: string, debugPort: number): Promise<void> {
  const runs: Record<'without' | 'with', Figures[]> = { without: [], with: [] };
  // Alternated, so a machine that slows down during the run slows both pages alike.
  for (let i = 0; i < RUNS; i++) {
    runs.without.push(await audit(`${pageOrigin}/without`, debugPort, form));
    runs.with.push(await audit(`${pageOrigin}/with`, debugPort, form));
  }
  const row = (name: string, pick: (f: Figures) => number, unit = '') => {
    const [a, b] = [median(runs.without.map(pick)), median(runs.with.map(pick))];
    const fmt = (x: number) => (unit === 'ms' ? `${Math.round(x)} ms` : unit === 'cls' ? x.toFixed(3) : String(x));
    console.log(`  ${name.padEnd(26)} ${fmt(a).padStart(9)}   ${fmt(b).padStart(9)}   ${unit === 'cls' ? (b - a).toFixed(3) : Math.round(b - a)}`);
  };
  console.log(`host page cost, ${form} (Lighthouse ${RUNS} runs each, medians; simulated throttling)`);
  console.log(`  ${''.padEnd(26)} ${'page only'.padStart(9)}   ${'+ widget'.padStart(9)}   difference`);
  row('performance score', (f) => f.score);
  row('total blocking time', (f) => f.tbt, 'ms');
  row('first contentful paint', (f) => f.fcp, 'ms');
  row('largest contentful paint', (f) => f.lcp, 'ms');
  row('cumulative layout shift', (f) => f.cls, 'cls');
  row('script boot-up time', (f) => f.bootup, 'ms');
}
