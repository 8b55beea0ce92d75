/**
 * How long a caller held back must wait, rounded up so they are never told
 * to come back before the board will let them: "8s", "12m", "1h", "2h 5m".
 */
export function waitText(ms: number): string {
  if (ms <= 60_000) return `${Math.max(1, Math.ceil(ms / 1000))}s`;
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours}h ${minutes % 60}m` : `${hours}h`;
}
