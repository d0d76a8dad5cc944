/** `window.Parley(command, ...args)`: replays the calls queued before the widget loaded, then runs them directly. */
import { warn } from './guard.ts';

export type Commands = Record<string, (...args: unknown[]) => void>;

interface Scope {
  Parley?: ((...args: unknown[]) => void) & { q?: ArrayLike<unknown>[] };
}

export function installPageApi(scope: Scope, commands: Commands): void {
  const queued = scope.Parley?.q ?? [];
  const names = Object.keys(commands);
  function Parley(...args: unknown[]) {
    const [name, ...rest] = args;
    const command = names.includes(name as string) ? commands[name as string] : undefined;
    if (!command) return warn(`unknown command ${JSON.stringify(name)}; use one of ${names.join(', ')}.`);
    try {
      command(...rest);
    } catch (error) {
      warn(`Parley('${name}') failed:`, error);
    }
  }
  // Installed before the replay, so calls made by handlers during the replay are not lost.
  scope.Parley = Parley;
  for (const args of queued) Parley(...Array.from(args));
}
