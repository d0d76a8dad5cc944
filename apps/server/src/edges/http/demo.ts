/** /demo: a pretend shop page that embeds the widget exactly as a site owner would. */
import { Hono } from 'hono';
import type { Core } from '../../core/index.ts';
import { escapeHtml } from './html.ts';

export function demoRoutes(core: Core, publicUrl: string) {
  const app = new Hono();
  app.get('/demo', async (c) => {
    const demo = (await core.sites.list()).find((site) => site.isDemo);
    if (!demo) return c.text('There is no demo site in this data dir.', 404);
    const src = escapeHtml(`${publicUrl}/widget.js`);
    return c.html(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(demo.name)} — Parley demo</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1f2933;background:#fafaf7}
header{background:#264653;color:#fff;padding:1rem 2rem}main{max-width:46rem;margin:2rem auto;padding:0 1rem}
.products{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:1rem}
.product{background:#fff;border:1px solid #e4e4dc;border-radius:8px;padding:1rem}
code{background:#eee;padding:.1rem .3rem;border-radius:4px;word-break:break-all}
</style>
</head>
<body>
<header><strong>${escapeHtml(demo.name)}</strong></header>
<main>
<h1>Handmade mugs and bowls</h1>
<p>This page embeds Parley with one tag, the way your shop would:</p>
<p><code>&lt;script async src="${src}" data-site="${escapeHtml(demo.key)}"&gt;&lt;/script&gt;</code></p>
<p>Open the chat in the corner and say hello; answer from the <a href="/console/">console</a>.</p>
<div class="products">
<div class="product"><h2>Speckled mug</h2><p>€24</p></div>
<div class="product"><h2>Rice bowl</h2><p>€18</p></div>
<div class="product"><h2>Tea set</h2><p>€96</p></div>
</div>
</main>
<script async src="${src}" data-site="${escapeHtml(demo.key)}"></script>
</body>
</html>`);
  });
  return app;
}
