import type { Database } from 'better-sqlite3';

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

export const MIGRATIONS: readonly Migration[] = [base];
