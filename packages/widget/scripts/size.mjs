/**
 * Measures what ships: the pre-open set (widget.js, the loader and its static imports), the panel
 * set, and the chat opened: both, with the largest chunk the panel loads on its own (one language's strings).
 */
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Everything a visitor downloads before opening the chat, however long they stay. */
export const PRE_OPEN_GZIP_BUDGET = 5 * 1024;
/** …in at most this many requests. */
export const PRE_OPEN_MAX_FILES = 2;
/** The chat opened, with one language's strings. */
export const OPENED_GZIP_BUDGET = 25 * 1024;

// Minified ES chunks: `import{a as b}from"./x.js"`, `import"./x.js"`, and `import(\`./x.js\`)` for lazy ones.
const STATIC_IMPORT = /\b(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["'`](\.{1,2}\/[^"'`]+)["'`]/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'`](\.{1,2}\/[^"'`]+)["'`]\s*\)/g;

/** Returns the sizes of the sets; `dist` is the build's output folder. */
export function measure(dist) {
  const read = (file) => readFileSync(join(dist, file));
  const script = read('widget.js').toString();
  const entry = /["'](widget\/[^"']+\.js)["']/.exec(script)?.[1];
  if (!entry) throw new Error(`widget.js in ${dist} names no loader chunk: rebuild with pnpm build.`);

  const preOpen = closure([entry], read);
  const lazy = (files) => [...files].flatMap((file) => imports(file, read(file).toString(), DYNAMIC_IMPORT));
  const panelEntry = lazy(preOpen).find((file) => posix.basename(file).startsWith('panel-'));
  if (!panelEntry) throw new Error(`the loader in ${dist} imports no panel chunk.`);
  const panel = [...closure([panelEntry], read)].filter((file) => !preOpen.has(file));
  // Each lazy chunk of the panel (a language's strings) with what it alone brings; the largest is the worst case.
  const extras = lazy(panel).map((file) => sizes([...closure([file], read)].filter((f) => !preOpen.has(f) && !panel.includes(f)), read));
  const language = extras.sort((a, b) => b.gzip - a.gzip)[0] ?? sizes([], read);
  const preOpenSize = sizes(['widget.js', ...preOpen], read);
  const panelSize = sizes(panel, read);
  return { preOpen: preOpenSize, panel: panelSize, language, opened: add(preOpenSize, panelSize, language) };
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

function add(...sets) {
  return sets.reduce((sum, set) => ({
    files: [...sum.files, ...set.files],
    min: sum.min + set.min,
    gzip: sum.gzip + set.gzip,
    brotli: sum.brotli + set.brotli,
  }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dist = new URL('../dist', import.meta.url).pathname;
  const { preOpen, panel, language, opened } = measure(dist);
  const kib = (n) => `${(n / 1024).toFixed(2)} KiB`;
  for (const [name, set] of [['before open', preOpen], ['panel', panel], ['a language', language], ['opened', opened]]) {
    console.log(`${name.padEnd(12)} min ${kib(set.min)}  gzip ${kib(set.gzip)}  brotli ${kib(set.brotli)}  (${set.files.length} files)`);
  }
  const overPreOpen = preOpen.gzip > PRE_OPEN_GZIP_BUDGET || preOpen.files.length > PRE_OPEN_MAX_FILES;
  const overOpened = opened.gzip > OPENED_GZIP_BUDGET;
  console.log(`budget before open: ${kib(PRE_OPEN_GZIP_BUDGET)} gzip in ${PRE_OPEN_MAX_FILES} files — ${overPreOpen ? 'OVER' : 'ok'}`);
  console.log(`budget opened: ${kib(OPENED_GZIP_BUDGET)} gzip — ${overOpened ? 'OVER' : 'ok'}`);
  if (overPreOpen || overOpened) process.exitCode = 1;
}
