import type { SecurityLevel } from '../store/types.js';

/**
 * Who a caller is, as plain data both the transports and the session hold:
 * the account once proven, and a key their SSH client signed with.
 */

export interface SessionUser {
  id: number;
  name: string;
  level: SecurityLevel;
}

/** A public key the caller's client proved it holds (signed with it during SSH authentication), which the board may offer to link to their account. */
export interface OfferedKey {
  algo: string;
  /** SHA256 fingerprint as OpenSSH prints it, e.g. "SHA256:abc...". */
  fingerprint: string;
  /** The public key blob, base64 (the middle field of an authorized_keys line). */
  blob: string;
}
