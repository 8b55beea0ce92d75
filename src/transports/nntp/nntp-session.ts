import type { Logger } from '../../logger.js';
import { articlePart, hdr, listGroup, over, step } from './article-commands.js';
import { group, list, newGroups, newNews } from './group-commands.js';
import type { WireLine } from './line-splitter.js';
import { encodeBlock, endsBlock, unstuff } from './multi-line.js';
import type { NewsBoard } from './news-board.js';
import { checkNewsLogin, type NewsLoginDeps } from './news-login.js';
import { newsDate } from './news-syntax.js';
import { readPostedArticle } from './posted-article.js';
import { reply, type NewsContext } from './reply.js';

interface NntpSessionOptions {
  board: NewsBoard;
  login: NewsLoginDeps;
  remote: string;
  boardName: string;
  log: Logger;
  /** Sends text; resolves when the wire has room for more. */
  write(text: string): Promise<void>;
  /** Ends the connection once what was written has gone. */
  end(): void;
  /** Stop and start reading the wire: lines waiting for their turn are bounded. */
  pause(): void;
  resume(): void;
  /** Most bytes of one posted article; more is read to its end and refused. */
  maxArticleBytes: number;
  now?: () => Date;
}

/** Lines waiting their turn before reading stops; reading starts again below the low mark. */
const QUEUE_HIGH = 64;
const QUEUE_LOW = 16;

/** An article being received after POST's 340. */
interface Posting {
  lines: Buffer[];
  bytes: number;
  tooBig: boolean;
}

const HELP = [
  'ARTICLE [number|<message-id>]',
  'AUTHINFO USER name / AUTHINFO PASS password',
  'BODY [number|<message-id>]',
  'CAPABILITIES',
  'DATE',
  'GROUP newsgroup',
  'HDR field [range|<message-id>]',
  'HEAD [number|<message-id>]',
  'HELP',
  'LAST',
  'LIST [ACTIVE|NEWSGROUPS|OVERVIEW.FMT|HEADERS] [wildmat]',
  'LISTGROUP [newsgroup [range]]',
  'MODE READER',
  'NEWGROUPS yyyymmdd hhmmss [GMT]',
  'NEWNEWS wildmat yyyymmdd hhmmss [GMT]',
  'NEXT',
  'OVER [range|<message-id>]',
  'POST',
  'QUIT',
  'STAT [number|<message-id>]',
  'XHDR field [range|<message-id>]',
  'XOVER [range]',
];

/**
 * One newsreader's connection as a state machine over lines: no sockets
 * here. Lines are handled strictly one after another (a reader may send
 * several commands at once), and the lines of an article after POST are
 * told from commands here, not by the line splitter, which cannot know.
 */
export class NntpSession {
  private readonly ctx: NewsContext;
  private readonly queue: WireLine[] = [];
  private running = false;
  private paused = false;
  private closed = false;
  private pendingUser: string | null = null;
  private posting: Posting | null = null;
  private readonly gone = new AbortController();

  constructor(private readonly opts: NntpSessionOptions) {
    this.ctx = { board: opts.board, reader: null, group: null, current: null, write: (text) => (this.closed ? Promise.resolve() : opts.write(text)) };
  }

  /** The first line a newsreader reads. */
  greeting(): string {
    return `200 ${this.opts.boardName} news server ready; posting allowed after AUTHINFO\r\n`;
  }

  /** A line from the wire; handled in its turn. */
  receive(line: WireLine): void {
    if (this.closed) return;
    this.queue.push(line);
    if (this.queue.length >= QUEUE_HIGH && !this.paused) {
      this.paused = true;
      this.opts.pause();
    }
    if (!this.running) void this.pump();
  }

  /** The wire is gone: nothing more is written, and a password waiting its turn leaves the line. */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.gone.abort(new Error('nntp connection closed'));
  }

  private async pump(): Promise<void> {
    this.running = true;
    try {
      while (!this.closed && this.queue.length > 0) {
        const line = this.queue.shift()!;
        try {
          await this.handle(line);
        } catch (err) {
          // A store fault answers this command and leaves the connection and every other caller as they were.
          this.opts.log.error('nntp command failed', { remote: this.opts.remote, err });
          await reply(this.ctx, '403 internal fault; try again later');
        }
        if (this.paused && this.queue.length <= QUEUE_LOW) {
          this.paused = false;
          this.opts.resume();
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async handle(line: WireLine): Promise<void> {
    if (this.posting) return this.article(line);
    if (line.tooLong) return reply(this.ctx, '501 command line too long');
    const text = line.bytes.toString('utf8');
    // Command lines are printable: a control byte is a syntax error, never part of a name.
    if (/[\x00-\x08\x0a-\x1f\x7f]/.test(text)) return reply(this.ctx, '501 control characters in the command line');
    const words = text.trim().split(/[ \t]+/).filter(Boolean);
    const verb = (words.shift() ?? '').toUpperCase();
    await this.command(verb, words, text);
  }

  private async command(verb: string, args: string[], text: string): Promise<void> {
    const ctx = this.ctx;
    const now = this.now();
    // An account may have been banned or had its level changed since it logged in.
    if (ctx.reader !== null && verb !== 'QUIT') {
      ctx.reader = await ctx.board.refresh(ctx.reader);
      if (ctx.reader === null) {
        await reply(ctx, '400 this account can no longer read here; goodbye');
        return this.quit();
      }
    }
    switch (verb) {
      case 'CAPABILITIES':
        await reply(ctx, '101 capability list follows');
        return ctx.write(encodeBlock(this.capabilities()));
      case 'MODE':
        return reply(ctx, args.length === 1 && args[0]!.toUpperCase() === 'READER' ? '200 reader mode; posting allowed after AUTHINFO' : '501 usage: MODE READER');
      case 'QUIT':
        await reply(ctx, '205 goodbye');
        return this.quit();
      case 'HELP':
        await reply(ctx, '100 help text follows');
        return ctx.write(encodeBlock(HELP));
      case 'DATE':
        return reply(ctx, `111 ${newsDate(now)}`);
      case 'AUTHINFO':
        return this.authinfo(args, text);
      case 'LIST':
        return list(ctx, args);
      case 'GROUP':
        return group(ctx, args);
      case 'LISTGROUP':
        return listGroup(ctx, args);
      case 'ARTICLE':
      case 'HEAD':
      case 'BODY':
      case 'STAT':
        return articlePart(ctx, verb, args);
      case 'NEXT':
        return step(ctx, 'next', args);
      case 'LAST':
        return step(ctx, 'previous', args);
      case 'OVER':
        return over(ctx, args, true);
      case 'XOVER':
        return over(ctx, args, false);
      case 'HDR':
        return hdr(ctx, args, 225);
      case 'XHDR':
        return hdr(ctx, args, 221);
      case 'NEWGROUPS':
        return newGroups(ctx, args, now);
      case 'NEWNEWS':
        return newNews(ctx, args, now);
      case 'POST':
        return this.startPost(args);
      default:
        return reply(ctx, `500 unknown command ${verb.slice(0, 20)}`);
    }
  }

  private capabilities(): string[] {
    const caps = ['VERSION 2', 'READER', 'POST', 'HDR', 'NEWNEWS', 'OVER MSGID', 'LIST ACTIVE NEWSGROUPS OVERVIEW.FMT HEADERS'];
    if (this.ctx.reader === null) caps.push('AUTHINFO USER');
    caps.push(`IMPLEMENTATION ${this.opts.boardName}`);
    return caps;
  }

  private async authinfo(args: string[], text: string): Promise<void> {
    const ctx = this.ctx;
    const sub = (args[0] ?? '').toUpperCase();
    if (sub !== 'USER' && sub !== 'PASS') return reply(ctx, '501 usage: AUTHINFO USER name, then AUTHINFO PASS password');
    if (ctx.reader !== null) return reply(ctx, '502 already authenticated');
    // The argument is the rest of the line: a password may hold spaces.
    const value = text.replace(/^\s*\S+\s+\S+ ?/, '');
    if (!value) return reply(ctx, '501 usage: AUTHINFO USER name, then AUTHINFO PASS password');
    if (sub === 'USER') {
      this.pendingUser = value.trim();
      return reply(ctx, '381 password required');
    }
    const name = this.pendingUser;
    this.pendingUser = null;
    if (name === null) return reply(ctx, '482 AUTHINFO USER first');
    const result = await checkNewsLogin(this.opts.login, name, value, this.opts.remote, this.gone.signal);
    switch (result.kind) {
      case 'ok':
        ctx.reader = result.user;
        this.opts.log.info('login', { user: result.user.name, remote: this.opts.remote, transport: 'nntp' });
        return reply(ctx, '281 authentication accepted');
      case 'failed':
        return reply(ctx, '481 authentication failed');
      case 'refused':
        return reply(ctx, '481 too many failed logins from here; try again later');
      case 'busy':
        return reply(ctx, '481 the board is busy checking passwords; try again shortly');
      case 'gone':
        return;
    }
  }

  private async startPost(args: string[]): Promise<void> {
    if (args.length > 0) return reply(this.ctx, '501 usage: POST');
    if (this.ctx.reader === null) return reply(this.ctx, '480 posting needs an account: AUTHINFO USER and PASS first');
    this.posting = { lines: [], bytes: 0, tooBig: false };
    return reply(this.ctx, '340 send the article; end it with a line holding only "."');
  }

  /** One line of the article after 340; the closing "." posts it. */
  private async article(line: WireLine): Promise<void> {
    const posting = this.posting!;
    if (!endsBlock(line.bytes) || line.tooLong) {
      const bytes = unstuff(line.bytes);
      posting.bytes += bytes.length + 2;
      // Past the cap the rest is read and dropped, so the reader stays in step and hears why at the end.
      if (line.tooLong || posting.bytes > this.opts.maxArticleBytes) {
        posting.tooBig = true;
        posting.lines = [];
      } else posting.lines.push(Buffer.from(bytes));
      return;
    }
    this.posting = null;
    const ctx = this.ctx;
    if (posting.tooBig) return reply(ctx, `441 the article is longer than ${this.opts.maxArticleBytes} bytes, or has a line that is too long`);
    const parsed = readPostedArticle(posting.lines);
    if ('error' in parsed) return reply(ctx, `441 ${parsed.error}`);
    const reader = await ctx.board.refresh(ctx.reader);
    if (reader === null) return reply(ctx, '441 this account can no longer post');
    const posted = await ctx.board.post(reader, parsed);
    if ('error' in posted) return reply(ctx, `441 not posted: ${posted.error}`);
    await reply(ctx, `240 article received ${ctx.board.names.messageId(posted.id)}`);
  }

  private quit(): void {
    this.closed = true;
    this.queue.length = 0;
    this.opts.end();
  }

  private now(): Date {
    return (this.opts.now ?? (() => new Date()))();
  }
}
