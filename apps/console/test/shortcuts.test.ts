import { describe, expect, it, vi } from 'vitest';
import { isTyping, keyLabels, type KeyPress, resolveShortcut, type Shortcut } from '../src/lib/shortcuts.ts';

const ran: string[] = [];
const table: Shortcut<() => void>[] = [
  { keys: ['j', 'ArrowDown'], does: 'next', run: () => ran.push('next') },
  { keys: ['Enter'], does: 'open (the button does it)' },
  { keys: ['g i'], does: 'inbox', run: () => ran.push('inbox') },
  { keys: ['g v'], does: 'visitors', run: () => ran.push('visitors') },
  { keys: ['?'], does: 'help', run: () => ran.push('help') },
  { keys: ['Escape'], does: 'leave', run: () => ran.push('leave') },
];

function press(key: string, more: Partial<KeyPress> = {}): KeyPress {
  return { key, ctrlKey: false, altKey: false, metaKey: false, target: { tagName: 'BODY' }, ...more };
}

function run(key: string, more: Partial<KeyPress> = {}, prefix: string | null = null): string | null {
  const outcome = resolveShortcut(table, press(key, more), prefix);
  return outcome.kind === 'run' ? outcome.shortcut.does : outcome.kind === 'prefix' ? `prefix ${outcome.key}` : null;
}

describe('resolveShortcut', () => {
  it('maps each alternative key of a binding to it', () => {
    expect(run('j')).toBe('next');
    expect(run('ArrowDown')).toBe('next');
    expect(run('?')).toBe('help');
  });

  it('waits after the first key of a sequence, and runs the sequence on the second', () => {
    expect(run('g')).toBe('prefix g');
    expect(run('i', {}, 'g')).toBe('inbox');
    expect(run('v', {}, 'g')).toBe('visitors');
    expect(run('i')).toBeNull();
  });

  it('drops a prefix the next key does not complete, and takes that key on its own', () => {
    expect(run('j', {}, 'g')).toBe('next');
    expect(run('x', {}, 'g')).toBeNull();
  });

  it('never fires with Ctrl, Alt or Meta, Escape included', () => {
    for (const modifier of ['ctrlKey', 'altKey', 'metaKey'] as const) {
      expect(run('j', { [modifier]: true })).toBeNull();
      expect(run('g', { [modifier]: true })).toBeNull();
      expect(run('i', { [modifier]: true }, 'g')).toBeNull();
      expect(run('Escape', { [modifier]: true })).toBeNull();
    }
  });

  it('lets every key but Escape through as text while the agent types', () => {
    const fields: KeyPress['target'][] = [
      { tagName: 'TEXTAREA' },
      { tagName: 'INPUT' },
      { tagName: 'INPUT', type: 'search' },
      { tagName: 'INPUT', type: 'email' },
      { tagName: 'SELECT' },
      { tagName: 'DIV', isContentEditable: true },
    ];
    for (const target of fields) {
      for (const key of ['j', 'ArrowDown', '?', 'g']) expect(run(key, { target })).toBeNull();
      expect(run('i', { target }, 'g')).toBeNull();
      expect(run('Escape', { target })).toBe('leave');
    }
  });

  it('still fires on controls that take no text', () => {
    for (const type of ['checkbox', 'radio', 'button', 'submit']) expect(run('j', { target: { tagName: 'INPUT', type } })).toBe('next');
    expect(run('j', { target: { tagName: 'BUTTON' } })).toBe('next');
    expect(run('j', { target: null })).toBe('next');
  });

  it('leaves documented-only bindings to the browser', () => {
    expect(run('Enter')).toBeNull();
  });
});

describe('isTyping and keyLabels', () => {
  it('tells text fields from the rest, case aside', () => {
    expect(isTyping({ tagName: 'input', type: 'TEXT' })).toBe(true);
    expect(isTyping({ tagName: 'input', type: 'range' })).toBe(false);
    expect(isTyping({ tagName: 'a' })).toBe(false);
  });

  it('names keys as the help shows them', () => {
    expect(keyLabels('g i')).toEqual(['g', 'i']);
    expect(keyLabels('ArrowUp')).toEqual(['↑']);
    expect(keyLabels('Escape')).toEqual(['Esc']);
  });
});

describe('the console table', () => {
  const views: string[] = [];
  const navigated: string[] = [];
  vi.doMock('../src/state/conversations.ts', async () => {
    const { signal } = await import('@preact/signals');
    return { selectedId: signal(null), setListView: (view: string) => views.push(view) };
  });
  vi.doMock('../src/state/notifications.ts', async () => {
    const { signal } = await import('@preact/signals');
    return { notificationCentreOpen: signal(false) };
  });
  vi.doMock('../src/state/router.ts', async () => {
    const { signal } = await import('@preact/signals');
    const route = signal({ name: 'visitors' });
    const to = (name: string) => () => {
      navigated.push(name);
      route.value = { name };
    };
    return { route, goToInbox: to('inbox'), goToVisitors: to('visitors'), goToSettings: to('settings'), goToMail: to('mail') };
  });

  async function table(role: 'admin' | 'agent') {
    const { shortcutGroups } = await import('../src/state/shortcuts.ts');
    return shortcutGroups(role).flatMap((g) => g.shortcuts);
  }

  it('binds the number keys to the list views in order, from any page', async () => {
    const shortcuts = await table('agent');
    for (const key of ['1', '2', '3']) {
      const outcome = resolveShortcut(shortcuts, press(key), null);
      if (outcome.kind !== 'run') throw new Error(`${key} is bound to nothing`);
      expect(outcome.shortcut.run(key)).toBe(true);
    }
    expect(views).toEqual(['all', 'joined', 'mine']);
    expect(navigated).toEqual(['inbox']);
  });

  it('goes to the main pages with g, the admin ones for admins only', async () => {
    const keys = (shortcuts: Awaited<ReturnType<typeof table>>) => shortcuts.flatMap((s) => s.keys);
    expect(keys(await table('admin'))).toEqual(expect.arrayContaining(['g i', 'g v', 'g s', 'g m', 'n', '?', 'r']));
    expect(keys(await table('agent'))).not.toContain('g s');
    const outcome = resolveShortcut(await table('admin'), press('s'), 'g');
    if (outcome.kind !== 'run') throw new Error('g s is bound to nothing');
    outcome.shortcut.run('s');
    expect(navigated.at(-1)).toBe('settings');
  });

  it('gives every binding one meaning: no key is bound twice', async () => {
    const runnable = (await table('admin')).filter((s) => s.run).flatMap((s) => s.keys);
    expect(new Set(runnable).size).toBe(runnable.length);
  });
});
