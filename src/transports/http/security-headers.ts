/** A Host header we are willing to echo into a header value. */
const SAFE_HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * Headers for every response. The page loads nothing from other sites, so the
 * policy names only this host; the WebSocket is spelled out because older
 * browsers do not let 'self' cover ws: and wss:.
 */
export function securityHeaders(host: string | undefined): Record<string, string> {
  const ws = host && SAFE_HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    // xterm.js writes its measurements and theme into <style> elements it creates.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self'${ws}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}
