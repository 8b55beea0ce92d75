/**
 * Runs a synchronous better-sqlite3 call and hands its outcome back as a
 * promise, so a thrown error becomes a rejection exactly as it would from a
 * networked store, never a synchronous throw out of an async-looking method.
 */
export function asPromise<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}
