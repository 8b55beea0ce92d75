/**
 * Where the web reader shows things: the one place that knows its addresses,
 * for its own pages and for the feeds that link into it.
 */
export const areaHref = (area: string): string => `/read/area/${encodeURIComponent(area)}/`;
export const threadHref = (rootId: number, messageId?: number): string => `/read/thread/${rootId}${messageId === undefined ? '' : `#m${messageId}`}`;
export const messageHref = (id: number): string => `/read/message/${id}`;

export const SEARCH_PATH = '/read/search';

/** A search's shareable address: the words, the one area when there is one, and the page's cursor (the last id of the page before). */
export function searchHref(query: string, area: string | null, before?: number): string {
  const params = new URLSearchParams({ q: query });
  if (area !== null) params.set('area', area);
  if (before !== undefined) params.set('before', String(before));
  return `${SEARCH_PATH}?${params.toString()}`;
}

/** An area's feed, as the feed route serves it (public areas only). */
export const feedHref = (area: string, format: 'atom' | 'rss'): string => `/feeds/${encodeURIComponent(area)}.${format}`;
