import { formatSpan } from './format.js';

/**
 * How long a caller held back must wait, rounded up so they are never told
 * to come back before the board will let them: "8s", "12m", "1h 3m".
 */
export function waitText(ms: number): string {
  if (ms <= 60_000) return formatSpan(Math.max(1, Math.ceil(ms / 1000)) * 1000);
  return formatSpan(Math.ceil(ms / 60_000) * 60_000);
}
