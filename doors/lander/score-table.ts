/** One row of the high-score table. */
export interface ScoreEntry {
  name: string;
  score: number;
  /** When it was scored, ISO 8601. */
  date: string;
}

export const TABLE_SIZE = 10;
const MAX_NAME = 40;

function isEntry(value: unknown): value is ScoreEntry {
  if (typeof value !== 'object' || value === null) return false;
  const { name, score, date } = value as Record<string, unknown>;
  return (
    typeof name === 'string' &&
    name.length > 0 &&
    name.length <= MAX_NAME &&
    typeof score === 'number' &&
    Number.isSafeInteger(score) &&
    score >= 0 &&
    typeof date === 'string' &&
    !Number.isNaN(Date.parse(date))
  );
}

/** Higher score first; on a tie, whoever got there first keeps the higher place. */
function byRank(a: ScoreEntry, b: ScoreEntry): number {
  return b.score - a.score || Date.parse(a.date) - Date.parse(b.date) || a.name.localeCompare(b.name);
}

/** The table in a scores file's text; rows that are not score rows are dropped. Throws on text that is not JSON. */
export function parseTable(text: string): ScoreEntry[] {
  const data = JSON.parse(text) as unknown;
  const rows = Array.isArray(data) ? data : [];
  return rankTable(rows.filter(isEntry).map(({ name, score, date }) => ({ name, score, date })));
}

/** Sorted and cut to the top ten. */
export function rankTable(entries: readonly ScoreEntry[]): ScoreEntry[] {
  return [...entries].sort(byRank).slice(0, TABLE_SIZE);
}

/** The table with `entry` added, and the entry's place in it (1-10), or null if it did not make the table. */
export function addScore(table: readonly ScoreEntry[], entry: ScoreEntry): { table: ScoreEntry[]; place: number | null } {
  const ranked = rankTable([...table, entry]);
  const index = ranked.indexOf(entry);
  return { table: ranked, place: index < 0 ? null : index + 1 };
}
