import type { Database } from 'better-sqlite3';
import { INDEX_MESSAGE_SQL, indexText } from './message-search.js';
import { nameSkeleton } from './name-skeleton.js';

/**
 * The schema's history, oldest first. Migration i (0-based) takes the
 * database from `user_version` i to i + 1. Append only: a migration that has
 * shipped is never edited, because boards in the field already ran it.
 * Times are integer milliseconds since the epoch.
 */
export interface Migration {
  name: string;
  up(db: Database): void;
}

const base: Migration = {
  name: 'base: users, public and private messages, call log',
  up(db) {
    db.exec(`
      CREATE TABLE users (
        id            INTEGER PRIMARY KEY,
        name          TEXT    NOT NULL,
        -- name folded by nameKey(): unique across case and Unicode width forms
        name_key      TEXT    NOT NULL UNIQUE,
        password_hash TEXT    NOT NULL,
        created_at    INTEGER NOT NULL,
        last_call_at  INTEGER,
        calls         INTEGER NOT NULL DEFAULT 0,
        level         TEXT    NOT NULL DEFAULT 'new',
        banned        INTEGER NOT NULL DEFAULT 0 CHECK (banned IN (0, 1))
      );

      CREATE TABLE public_messages (
        id         INTEGER PRIMARY KEY,
        author_id  INTEGER NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL,
        body       TEXT    NOT NULL
      );
      CREATE INDEX public_messages_author ON public_messages(author_id);

      CREATE TABLE private_messages (
        id           INTEGER PRIMARY KEY,
        sender_id    INTEGER NOT NULL REFERENCES users(id),
        recipient_id INTEGER NOT NULL REFERENCES users(id),
        created_at   INTEGER NOT NULL,
        body         TEXT    NOT NULL,
        read         INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1))
      );
      CREATE INDEX private_messages_inbox ON private_messages(recipient_id, read, id);
      CREATE INDEX private_messages_sender ON private_messages(sender_id);

      CREATE TABLE call_log (
        id         INTEGER PRIMARY KEY,
        user_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
        transport  TEXT    NOT NULL,
        remote     TEXT    NOT NULL,
        started_at INTEGER NOT NULL,
        ended_at   INTEGER,
        outcome    TEXT
      );
      CREATE INDEX call_log_user ON call_log(user_id);
    `);
  },
};

const community: Migration = {
  name: 'community: message areas and threads, read pointers, mail subjects, oneliners, settings, ssh keys',
  up(db) {
    db.exec(`
      ALTER TABLE users ADD COLUMN profile TEXT;

      ALTER TABLE public_messages ADD COLUMN area TEXT NOT NULL DEFAULT 'general';
      ALTER TABLE public_messages ADD COLUMN subject TEXT;
      ALTER TABLE public_messages ADD COLUMN parent_id INTEGER REFERENCES public_messages(id);
      CREATE INDEX public_messages_area ON public_messages(area, id);
      CREATE INDEX public_messages_parent ON public_messages(parent_id);

      CREATE TABLE area_reads (
        user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        area         TEXT    NOT NULL,
        last_read_id INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (user_id, area)
      ) WITHOUT ROWID;

      ALTER TABLE private_messages ADD COLUMN subject TEXT;
      ALTER TABLE private_messages ADD COLUMN deleted_by_recipient INTEGER NOT NULL DEFAULT 0
        CHECK (deleted_by_recipient IN (0, 1));
      DROP INDEX private_messages_inbox;
      CREATE INDEX private_messages_inbox ON private_messages(recipient_id, deleted_by_recipient, read, id);

      CREATE TABLE oneliners (
        id         INTEGER PRIMARY KEY,
        user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        text       TEXT    NOT NULL
      );
      CREATE INDEX oneliners_user_time ON oneliners(user_id, created_at);

      -- One JSON object per user: settings grow without a migration each time.
      CREATE TABLE user_settings (
        user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        json    TEXT NOT NULL CHECK (json_valid(json) AND json_type(json) = 'object')
      );

      CREATE TABLE ssh_keys (
        id          INTEGER PRIMARY KEY,
        user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        algo        TEXT    NOT NULL,
        fingerprint TEXT    NOT NULL UNIQUE,
        key_blob    BLOB    NOT NULL,
        comment     TEXT,
        created_at  INTEGER NOT NULL
      );
      CREATE INDEX ssh_keys_user ON ssh_keys(user_id);
    `);
  },
};

const lookalikes: Migration = {
  name: 'look-alike names and board settings: users.name_skeleton, board_settings',
  up(db) {
    db.exec(`
      -- nameSkeleton(name): accounts whose names look alike share it. Not
      -- unique: boards from before this check may already hold such pairs.
      ALTER TABLE users ADD COLUMN name_skeleton TEXT NOT NULL DEFAULT '';
      CREATE INDEX users_name_skeleton ON users(name_skeleton);

      -- What the sysop changes from the board itself (the MOTD), over the config file.
      CREATE TABLE board_settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
    const rows = db.prepare('SELECT id, name FROM users').all() as Array<{ id: number; name: string }>;
    const set = db.prepare('UPDATE users SET name_skeleton = ? WHERE id = ?');
    for (const row of rows) set.run(nameSkeleton(row.name), row.id);
  },
};

// A message counted into new.area's row, and out of old.area's: a move is both.
const COUNT_NEW_ROW = `
        INSERT INTO area_stats (area, messages, last_id, last_at) VALUES (new.area, 1, new.id, new.created_at)
        ON CONFLICT (area) DO UPDATE SET
          messages = messages + 1,
          last_id  = max(last_id, excluded.last_id),
          last_at  = CASE WHEN excluded.last_id > last_id THEN excluded.last_at ELSE last_at END;`;
const UNCOUNT_OLD_ROW = `
        UPDATE area_stats SET
          messages = messages - 1,
          last_id  = coalesce((SELECT max(id) FROM public_messages WHERE area = old.area), 0),
          last_at  = coalesce((SELECT created_at FROM public_messages WHERE area = old.area ORDER BY id DESC LIMIT 1), 0)
        WHERE area = old.area;
        DELETE FROM area_stats WHERE area = old.area AND messages <= 0;`;

const areaTotals: Migration = {
  name: 'area totals kept by triggers: area_stats',
  up(db) {
    db.exec(`
      -- Every main menu shows per-area totals and unread counts; counting
      -- public_messages for them grew with the board. Triggers keep one row
      -- per area, in the same transaction as the post, for every process.
      -- last_at is when the newest message (highest id) was posted.
      CREATE TABLE area_stats (
        area     TEXT    PRIMARY KEY,
        messages INTEGER NOT NULL,
        last_id  INTEGER NOT NULL,
        last_at  INTEGER NOT NULL
      ) WITHOUT ROWID;

      INSERT INTO area_stats (area, messages, last_id, last_at)
        SELECT area, count(*), max(id), 0 FROM public_messages GROUP BY area;
      UPDATE area_stats SET last_at = (SELECT created_at FROM public_messages WHERE id = area_stats.last_id);

      CREATE TRIGGER area_stats_count_insert AFTER INSERT ON public_messages BEGIN
        ${COUNT_NEW_ROW}
      END;

      CREATE TRIGGER area_stats_count_delete AFTER DELETE ON public_messages BEGIN
        ${UNCOUNT_OLD_ROW}
      END;

      CREATE TRIGGER area_stats_count_move AFTER UPDATE OF area ON public_messages WHEN new.area IS NOT old.area BEGIN
        ${UNCOUNT_OLD_ROW}
        ${COUNT_NEW_ROW}
      END;
    `);
  },
};

const confusableSkeletons: Migration = {
  name: 'name skeletons from the whole Unicode confusables table, an index of sysops',
  up(db) {
    // The skeleton now folds every confusable Unicode lists, and ignores
    // invisible characters: accounts made before keep the old one until
    // recomputed, and a look-alike of them would pass.
    const rows = db.prepare('SELECT id, name FROM users').all() as Array<{ id: number; name: string }>;
    const set = db.prepare('UPDATE users SET name_skeleton = ? WHERE id = ?');
    for (const row of rows) set.run(nameSkeleton(row.name), row.id);
    // Every registration asks whether the board has a sysop yet.
    db.exec("CREATE INDEX users_sysops ON users(level) WHERE level = 'sysop'");
  },
};

const quotas: Migration = {
  name: 'quotas counted from the database: users.created_from, author and sender by time',
  up(db) {
    db.exec(`
      -- The address an account was registered from, so sign-ups per address
      -- per hour are counted exactly on every node and across restarts. ''
      -- for accounts made before this column, by the sysop's command line, or
      -- by hand.
      ALTER TABLE users ADD COLUMN created_from TEXT NOT NULL DEFAULT '';
      CREATE INDEX users_created_from ON users(created_from, created_at);

      -- Posts and mail per account per hour are range counts on these; they
      -- also serve every lookup the author-only and sender-only indexes did.
      CREATE INDEX public_messages_author_time ON public_messages(author_id, created_at);
      CREATE INDEX private_messages_sender_time ON private_messages(sender_id, created_at);
      DROP INDEX public_messages_author;
      DROP INDEX private_messages_sender;
    `);
  },
};

const doorTime: Migration = {
  name: 'door time: each stretch a caller spent in a door, for the daily limits',
  up(db) {
    db.exec(`
      CREATE TABLE door_time (
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        door TEXT NOT NULL,
        seconds INTEGER NOT NULL,
        ended_at INTEGER NOT NULL
      );
      CREATE INDEX door_time_user_door ON door_time(user_id, door, ended_at);
    `);
  },
};

const drafts: Migration = {
  name: 'drafts: the message a caller was writing when their line dropped, offered at their next call',
  up(db) {
    db.exec(`
      CREATE TABLE drafts (
        user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        draft TEXT NOT NULL,
        saved_at INTEGER NOT NULL
      );
    `);
  },
};

const files: Migration = {
  name: 'file areas: one row per file, searched through FTS5',
  up(db) {
    db.exec(`
      CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        area TEXT NOT NULL,
        name TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        uploader_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
        uploaded_at INTEGER NOT NULL,
        downloads INTEGER NOT NULL DEFAULT 0,
        hidden INTEGER NOT NULL DEFAULT 0
      );
      -- Names are unique ignoring case, so an area copied to a case-blind disk loses nothing.
      CREATE UNIQUE INDEX files_area_name ON files(area, name COLLATE NOCASE);
      CREATE UNIQUE INDEX files_area_sha256 ON files(area, sha256);
      CREATE INDEX files_area_time ON files(area, uploaded_at);
      CREATE INDEX files_uploader ON files(area, uploader_id);

      -- Names and descriptions as words in any script, accents folded; kept in step by triggers.
      CREATE VIRTUAL TABLE files_fts USING fts5(name, description, content='files', content_rowid='id', tokenize="unicode61 remove_diacritics 2 tokenchars '_'");
      CREATE TRIGGER files_fts_insert AFTER INSERT ON files BEGIN
        INSERT INTO files_fts(rowid, name, description) VALUES (new.id, new.name, new.description);
      END;
      CREATE TRIGGER files_fts_delete AFTER DELETE ON files BEGIN
        INSERT INTO files_fts(files_fts, rowid, name, description) VALUES ('delete', old.id, old.name, old.description);
      END;
      CREATE TRIGGER files_fts_update AFTER UPDATE OF name, description ON files BEGIN
        INSERT INTO files_fts(files_fts, rowid, name, description) VALUES ('delete', old.id, old.name, old.description);
        INSERT INTO files_fts(rowid, name, description) VALUES (new.id, new.name, new.description);
      END;
    `);
  },
};

const nodeBlocks: Migration = {
  name: 'node blocks: the run of node numbers each host of the board holds',
  up(db) {
    db.exec(`
      CREATE TABLE node_blocks (
        host_id    TEXT    PRIMARY KEY,
        block      INTEGER NOT NULL UNIQUE CHECK (block >= 0),
        claimed_at INTEGER NOT NULL
      );
    `);
  },
};

/** Messages indexed per statement batch while the migration fills the index. */
const INDEX_BATCH = 1000;

const messageSearch: Migration = {
  name: 'message search: the words of every public message, in any script',
  up(db) {
    // Contentless: the text stays in public_messages; the index holds the
    // tokens message-search.ts writes with each post. A deleted message
    // leaves the index here, in SQL, whoever deletes it.
    db.exec(`
      CREATE VIRTUAL TABLE public_messages_fts USING fts5(subject, body, content='', contentless_delete=1, tokenize="ascii tokenchars '_'");
      CREATE TRIGGER public_messages_fts_delete AFTER DELETE ON public_messages BEGIN
        DELETE FROM public_messages_fts WHERE rowid = old.id;
      END;
    `);
    const next = db.prepare('SELECT id, subject, body FROM public_messages WHERE id > ? ORDER BY id LIMIT ?');
    const add = db.prepare(INDEX_MESSAGE_SQL);
    for (let after = 0; ; ) {
      const rows = next.all(after, INDEX_BATCH) as Array<{ id: number; subject: string | null; body: string }>;
      if (rows.length === 0) break;
      for (const row of rows) add.run(row.id, indexText(row.subject), indexText(row.body));
      after = rows[rows.length - 1]!.id;
    }
  },
};

const webTokensSpent: Migration = {
  name: 'web tokens spent: one-time login links used and web sessions ended, until they would have expired',
  up(db) {
    db.exec(`
      CREATE TABLE web_tokens_spent (
        token_id   TEXT    PRIMARY KEY,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX web_tokens_spent_expiry ON web_tokens_spent(expires_at);
    `);
  },
};

const userVersions: Migration = {
  name: 'user versions: a number every change to an account raises, so a copy in hand is checked without reading the row',
  up(db) {
    // An AFTER trigger, since SQLite's BEFORE triggers cannot set NEW; the
    // WHEN leaves the trigger's own UPDATE alone even with recursive triggers on.
    db.exec(`
      ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
      CREATE TRIGGER users_version AFTER UPDATE ON users WHEN new.version IS old.version BEGIN
        UPDATE users SET version = old.version + 1 WHERE id = new.id;
      END;
    `);
  },
};

export const MIGRATIONS: readonly Migration[] = [base, community, lookalikes, areaTotals, confusableSkeletons, quotas, doorTime, drafts, files, nodeBlocks, messageSearch, webTokensSpent, userVersions];
