/**
 * `Content-Disposition: attachment` for a file name (RFC 6266, with RFC 8187's
 * `filename*`): a plain ASCII `filename` for old clients, in which anything
 * that is not printable ASCII, and the quote and backslash that would end or
 * escape it, becomes `_`; and the exact name in UTF-8, percent-encoded, for
 * every client that reads `filename*`. Control characters in a name can never
 * reach the header either way.
 */
export function attachmentDisposition(raw: string): string {
  // A lone surrogate cannot be encoded (encodeURIComponent throws); it becomes U+FFFD.
  const name = raw.replace(/\p{Cs}/gu, '\uFFFD');
  const fallback = [...name].map((c) => (/^[\x20-\x7e]$/.test(c) && c !== '"' && c !== '\\' ? c : '_')).join('') || 'download';
  // encodeURIComponent leaves ' ( ) * ! as they are; RFC 8187's attr-char allows only ! of those.
  const exact = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${exact}`;
}
