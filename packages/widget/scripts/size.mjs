/** Measures what ships: the pre-open set (widget.js, the loader and its static imports) and the panel set. */
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The budget for everything a visitor downloads before opening the chat. */
export const PRE_OPEN_GZIP_BUDGET = 8 * 1024;

// Minified ES chunks: `import{a as b}from"./x.js"`, `import"./x.js"`, and `import(\`./x.js\`)` for lazy ones.
const STATIC_IMPORT = /\b(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["'`](\.{1,2}\/[^"'`]+)["'`]/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'`](\.{1,2}\/[^"'`]+)["'`]\s*\)/g;

/** Returns the sizes of both sets; `dist` is the build's output folder. */
export function measure(dist) {
  const read = (file) => readFileSync(join(dist, file));
  const script = read('widget.js').toString();
  const entry = /["'](widget\/[^"']+\.js)["']/.exec(script)?.[1];
  if (!entry) throw new Error(`widget.js in ${dist} names no loader chunk: rebuild with pnpm build.`);

  const preOpen = closure([entry], read);
  const dynamic = [...preOpen].flatMap((file) => imports(file, read(file).toString(), DYNAMIC_IMPORT));
  const panel = [...closure(dynamic, read)].filter((file) => !preOpen.has(file));
  return {
    preOpen: sizes(['widget.js', ...preOpen], read),
    panel: sizes(panel, read),
  };
}

/** A chunk and every chunk it imports statically, transitively. */
function closure(files, read) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const dep of imports(file, read(file).toString(), STATIC_IMPORT)) visit(dep);
  };
  files.forEach(visit);
  return seen;
}

function imports(file, code, pattern) {
  return [...code.matchAll(pattern)].map((match) => posix.join(posix.dirname(file), match[1]));
}

/** Each file is fetched and compressed on its own, so the set's size is the sum of each file's. */
function sizes(files, read) {
  const total = { files, min: 0, gzip: 0, brotli: 0 };
  for (const file of files) {
    const bytes = read(file);
    total.min += bytes.length;
    total.gzip += gzipSync(bytes, { level: 9 }).length;
    total.brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return total;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dist = new URL('../dist', import.meta.url).pathname;
  const { preOpen, panel } = measure(dist);
  const kib = (n) => `${(n / 1024).toFixed(2)} KiB`;
  for (const [name, set] of [['before open', preOpen], ['panel', panel]]) {
    console.log(`${name.padEnd(12)} min ${kib(set.min)}  gzip ${kib(set.gzip)}  brotli ${kib(set.brotli)}  (${set.files.join(', ')})`);
  }
  const over = preOpen.gzip > PRE_OPEN_GZIP_BUDGET;
  console.log(`budget before open: ${kib(PRE_OPEN_GZIP_BUDGET)} gzip — ${over ? 'OVER' : 'ok'}`);
  if (over) process.exitCode = 1;
}
