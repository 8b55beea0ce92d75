import pg from 'pg';

/**
 * The board's connection to PostgreSQL: a small pool, and the three ways the
 * repositories use it (rows, one row, a statement's count) plus a
 * transaction on one connection. Times are integer milliseconds in BIGINT
 * columns, as in the SQLite file, so BIGINT comes back as a JavaScript
 * number (every value the board keeps is far below 2^53); counts too.
 */

const INT8 = 20;
const NUMERIC = 1700;

/** BIGINT and count(*) as numbers; everything else as the driver parses it. */
const TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
  },
};

/**
 * PostgreSQL's text cannot hold U+0000, which SQLite keeps. A NUL typed
 * into a message (the JSON socket passes one) would fail the whole write;
 * it becomes U+FFFD, the replacement character, and the rest is kept.
 */
function withoutNul(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\0') ? value.replaceAll('\0', '\uFFFD') : value;
  // Arrays carry a batch's texts (unnest).
  return Array.isArray(value) ? value.map(withoutNul) : value;
}

/** What a repository writes and reads through: the pool, or one transaction's connection. */
export interface PgQueryable {
  rows<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  one<T>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** The number of rows the statement touched. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

interface PgOpenOptions {
  /** Connections at most (default 10): each board process holds its own pool. */
  max?: number;
  /** Tables live in this schema rather than `public` (tests give each store its own). */
  schema?: string;
}

/** Serialization failures and deadlocks: the transaction is run again, as PostgreSQL asks. */
const RETRY_CODES = new Set(['40001', '40P01']);
const RETRIES = 5;

class Queries implements PgQueryable {
  constructor(private readonly client: pg.Pool | pg.PoolClient) {}

  async rows<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[];
  }

  async one<T>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.rows<T>(sql, params))[0];
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0;
  }

  /** With no parameters the simple protocol, so a migration's several statements go as one. */
  private query(sql: string, params: readonly unknown[]): Promise<pg.QueryResult> {
    return params.length === 0 ? this.client.query(sql) : this.client.query(sql, params.map(withoutNul));
  }
}

export class PgDatabase extends Queries {
  private closed = false;

  private constructor(readonly pool: pg.Pool) {
    super(pool);
    // An idle connection the server dropped must not take the process with it.
    pool.on('error', () => {});
  }

  static open(url: string, options: PgOpenOptions = {}): PgDatabase {
    // No JIT: the board's queries are short lookups, and a plan whose estimate
    // passes jit_above_cost (the unread counts, over a table whose statistics
    // lag a burst of posts) spent 6-20 ms compiling on every run.
    const settings = ['-c jit=off', ...(options.schema ? [`-c search_path=${options.schema}`] : [])];
    const config: pg.PoolConfig = { connectionString: url, max: options.max ?? 10, types: TYPES, options: settings.join(' ') };
    return new PgDatabase(new pg.Pool(config));
  }

  /**
   * `work` on one connection inside BEGIN/COMMIT; rolled back if it throws.
   * `serializable`: run at SERIALIZABLE and again (a few times) when
   * PostgreSQL reports a conflict with a concurrent transaction, for checks
   * whose answer must hold until the commit (a name nobody else took).
   */
  async transaction<T>(work: (tx: PgQueryable) => Promise<T>, opts: { serializable?: boolean } = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken = false;
      try {
        await client.query(opts.serializable ? 'BEGIN ISOLATION LEVEL SERIALIZABLE' : 'BEGIN');
        const result = await work(new Queries(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        const code = (err as { code?: unknown }).code;
        if (attempt < RETRIES && typeof code === 'string' && RETRY_CODES.has(code)) continue;
        throw err;
      } finally {
        client.release(broken);
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

/** True for PostgreSQL's unique_violation. */
export function isPgUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === '23505';
}
