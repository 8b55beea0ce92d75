/** Public messages: areas, threads and the posts in them. */

/** The area a message lands in when none is named. */
export const DEFAULT_AREA = 'general';

export interface PublicMessage {
  id: number;
  authorId: number;
  authorName: string;
  createdAt: Date;
  body: string;
  area: string;
  subject: string | null;
  /** The message this one replies to; null for a thread's first message. */
  parentId: number | null;
}

export interface NewPublicMessage {
  authorId: number;
  body: string;
  at: Date;
  /** Defaults to the parent's area for a reply, else DEFAULT_AREA. */
  area?: string;
  subject?: string | null;
  parentId?: number | null;
}

export interface AreaSummary {
  area: string;
  count: number;
  lastId: number;
  lastPostedAt: Date;
}

/** A thread in an area: its first message and how it has grown. */
export interface TopicSummary {
  root: PublicMessage;
  replies: number;
  /** The newest message in the thread. */
  lastId: number;
  lastPostedAt: Date;
}

/** A stretch of text, as offsets: start inclusive, end exclusive, in UTF-16 code units. */
export interface TextSpan {
  start: number;
  end: number;
}

/** A line of a message around what was searched for; `matches` say where in `text` the searched words are. */
export interface MessageExcerpt {
  text: string;
  matches: TextSpan[];
}

export interface MessageHit {
  message: PublicMessage;
  excerpt: MessageExcerpt;
}

/** A page of search hits: at most `limit`, all with ids below `beforeId` (the last id of the page before). */
export interface MessageSearchPage {
  limit: number;
  beforeId?: number;
}

export interface PublicMessageRepository {
  /** Posts to DEFAULT_AREA. */
  post(authorId: number, body: string, at: Date): Promise<PublicMessage>;
  /** Newest first, across all areas. `beforeId` pages backwards. */
  listNewestFirst(limit: number, beforeId?: number): Promise<PublicMessage[]>;
  count(): Promise<number>;
  /**
   * Post with area, subject and parent. A reply stays in its parent's area:
   * naming a different area, or a parent that does not exist, rejects.
   */
  postMessage(message: NewPublicMessage): Promise<PublicMessage>;
  findById(id: number): Promise<PublicMessage | null>;
  /** Oldest first, ids above `afterId` (the reading order from a last-read pointer). */
  listInArea(area: string, limit: number, afterId?: number): Promise<PublicMessage[]>;
  /** Newest first within one area; `beforeId` pages backwards. */
  listInAreaNewestFirst(area: string, limit: number, beforeId?: number): Promise<PublicMessage[]>;
  /** The whole thread the message belongs to, root first, in posting order; [] if unknown. */
  thread(messageId: number): Promise<PublicMessage[]>;
  /** Areas that hold at least one message, by name. */
  areas(): Promise<AreaSummary[]>;
  /** The threads of one area, most recently active first. */
  topics(area: string, limit: number): Promise<TopicSummary[]>;
  /**
   * Messages whose subject or body holds every word typed (whole words, any
   * script, case and Latin accents ignored), only in the `areas` named (the
   * areas the caller may read), newest first. Any text is safe: it is
   * searched as words, never as query syntax; nothing searchable gives [].
   */
  search(text: string, areas: readonly string[], page: MessageSearchPage): Promise<MessageHit[]>;
}
