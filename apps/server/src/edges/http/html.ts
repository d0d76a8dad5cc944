/** The small standalone pages the server answers with (demo, mail links). */
import { escapeHtml } from '@parley/protocol';

export { escapeHtml };


/** A plain, readable page; `body` is HTML the caller escaped. */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1f2933;background:#fafaf7}
main{max-width:32rem;margin:4rem auto;padding:0 1rem}
button{font:inherit;padding:.5rem 1.2rem;border:0;border-radius:6px;background:#264653;color:#fff;cursor:pointer}
</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>`;
}
