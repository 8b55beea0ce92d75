/**
 * Where the web reader shows things: the one place that knows its addresses,
 * for its own pages and for the feeds that link into it.
 */
export const areaHref = (area: string): string => `/read/area/${encodeURIComponent(area)}/`;
export const threadHref = (rootId: number, messageId?: number): string => `/read/thread/${rootId}${messageId === undefined ? '' : `#m${messageId}`}`;
export const messageHref = (id: number): string => `/read/message/${id}`;
