/**
 * npm forwards SIGTERM and SIGINT only to its own child. `npm start` runs
 * the board straight (`exec` in the script), but `npx bbs serve` and other
 * npm wrappers put a `sh -c` in between that dies of the signal and leaves the
 * board running as an orphan, holding the ports and the data lock. A board
 * started by npm therefore also stops when it is re-parented: the process that
 * started it is gone, and so is anyone who could still stop it politely.
 *
 * Only under npm: `nohup bbs serve &` from a shell that then logs out is
 * meant to outlive its parent.
 */
export function startedByNpm(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.npm_lifecycle_event || env.npm_command);
}

/** How often the parent is looked at: a second is soon enough for a stop, and free. */
const PARENT_POLL_MS = 1000;

/** Call `onGone` once, when this process's parent changes (it died and we were re-parented); returns a stop function. */
export function watchParent(onGone: () => void, pollMs = PARENT_POLL_MS): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, pollMs);
  // The watch alone must never keep the board alive.
  timer.unref();
  return () => clearInterval(timer);
}
