import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';
import type { LoginGuard } from './login-guard.js';

/** What the board's flows need from the outside world; passed in, never global. */
export interface FlowDeps {
  store: Store;
  log: Logger;
  loginGuard: LoginGuard;
  board: {
    name: string;
    motd: string;
  };
  limits: {
    /** Most lines in one message. */
    messageLines: number;
    /** Most characters in one typed line of a message. */
    lineLength: number;
    /** Shortest password accepted for a new account. */
    minPasswordLength: number;
  };
}
