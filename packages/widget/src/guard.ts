/** The widget's one error path: problems become a console warning, never an exception in the host page. */
export function warn(...details: unknown[]): void {
  console.warn('Parley:', ...details);
}

/** Wraps a callback the browser or the host page calls, so a bug in the widget stays in the widget. */
export function guard<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  return (...args) => {
    try {
      fn(...args);
    } catch (error) {
      warn(error);
    }
  };
}
