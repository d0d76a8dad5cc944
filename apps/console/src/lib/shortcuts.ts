/** Pure rules for keyboard shortcuts: which binding a key press means, given the keys pressed just before. */
import { strings } from '../strings.ts';

/** What the dispatcher needs of a keydown event and of the element focused when it fired. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  target: { tagName?: string; type?: string; isContentEditable?: boolean } | null;
}

/**
 * `keys` lists alternatives; each is one key (`j`, `ArrowDown`, `?`) or a two-key sequence with a
 * space (`g i`). Bindings without `run` are documented only: the browser or a component handles them.
 */
export interface Shortcut<Run> {
  keys: readonly string[];
  does: string;
  run?: Run;
}

export type Outcome<Run> =
  | { kind: 'run'; shortcut: Shortcut<Run> & { run: Run } }
  /** The first key of a sequence: remember it and wait for the second. */
  | { kind: 'prefix'; key: string }
  | { kind: 'none' };

/** Inputs that take no text: a shortcut pressed on a checkbox or a button is still a shortcut. */
const NOT_TEXT = new Set(['button', 'checkbox', 'color', 'file', 'image', 'radio', 'range', 'reset', 'submit']);

/** While the agent writes, letters are text: only Escape still reaches the shortcuts. */
export function isTyping(target: KeyPress['target']): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName?.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && !NOT_TEXT.has((target.type ?? 'text').toLowerCase());
}

function runnable<Run>(table: readonly Shortcut<Run>[], keys: string): (Shortcut<Run> & { run: Run }) | undefined {
  return table.find((s): s is Shortcut<Run> & { run: Run } => s.run !== undefined && s.keys.includes(keys));
}

/**
 * `prefix` is the first key of a sequence pressed just before, or null. A prefix followed by a key
 * that completes nothing is dropped and the key counts on its own, so a stray `g` costs nothing.
 */
export function resolveShortcut<Run>(table: readonly Shortcut<Run>[], press: KeyPress, prefix: string | null): Outcome<Run> {
  // Ctrl, Alt and Meta belong to the browser, the OS and the keyboard layout (AltGr), never to us.
  if (press.ctrlKey || press.altKey || press.metaKey) return { kind: 'none' };
  if (isTyping(press.target) && press.key !== 'Escape') return { kind: 'none' };
  const completed = prefix === null ? undefined : runnable(table, `${prefix} ${press.key}`);
  if (completed) return { kind: 'run', shortcut: completed };
  const single = runnable(table, press.key);
  if (single) return { kind: 'run', shortcut: single };
  const starts = table.some((s) => s.run !== undefined && s.keys.some((k) => k.startsWith(`${press.key} `)));
  return starts ? { kind: 'prefix', key: press.key } : { kind: 'none' };
}

/** The keys of one binding as the help shows them, one label a key: `g i` is `g`, `i`; `ArrowDown` is `↓`. */
export function keyLabels(keys: string): string[] {
  return keys.split(' ').map((k) => KEY_NAMES[k] ?? k);
}

const KEY_NAMES: Record<string, string> = {
  ArrowDown: '↓',
  ArrowUp: '↑',
  Escape: strings.keyboardShortcuts.escape,
};
