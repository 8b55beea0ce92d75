/**
 * Cross-site WebSocket hijacking guard: browsers send `Origin` on every
 * upgrade but do not apply the same-origin policy to WebSockets, so the server
 * must. Tools that are not browsers send no Origin and cannot be stopped by it
 * anyway, so a missing Origin is allowed.
 */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowList: readonly string[] = []): boolean {
  if (origin === undefined) return true;
  const normalised = normaliseOrigin(origin);
  if (normalised === null) return false;
  if (allowList.some((allowed) => normaliseOrigin(allowed) === normalised)) return true;
  if (!host) return false;
  const originHost = new URL(normalised).host;
  return originHost === normaliseHost(host, new URL(normalised).protocol);
}

function normaliseOrigin(origin: string): string | null {
  if (origin === 'null') return null;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** `Host` with the scheme's default port dropped, so it compares with URL.host. */
function normaliseHost(host: string, protocol: string): string | null {
  try {
    return new URL(`${protocol}//${host}`).host;
  } catch {
    return null;
  }
}
