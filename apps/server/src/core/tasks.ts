/** Work still running outside any request (socket queues, lookups): stop() waits for it before closing the store. */
export type Tasks = ReturnType<typeof createTasks>;

export function createTasks() {
  const running = new Set<Promise<unknown>>();
  return {
    track<T>(promise: Promise<T>): Promise<T> {
      running.add(promise);
      promise.then(
        () => running.delete(promise),
        () => running.delete(promise),
      );
      return promise;
    },
    async drain() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
