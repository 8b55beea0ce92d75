import { neutralizeLine } from './neutralize.js';
import { fitWidth } from './text-width.js';
import type { OnlineCaller } from '../session/live.js';
import { viaName } from './transport-names.js';

const COLUMNS = [
  { title: 'Node', width: 6, right: true },
  { title: 'Name', width: 20, right: false },
  { title: 'Via', width: 11, right: false },
  { title: 'Doing', width: 28, right: false },
  { title: 'For', width: 6, right: true },
] as const;
/** Shown first, only when the board runs on several hosts: which one the caller is on. */
const HOST_COLUMN = { title: 'Host', width: 16, right: false } as const;

/**
 * Callers online as a plain text table for a pipe or a log, not a terminal:
 * no colour, LF line ends. Names and activities are caller-influenced data,
 * so they are neutralised before they reach someone's terminal.
 */
export function formatWho(callers: readonly OnlineCaller[], now: Date): string {
  if (callers.length === 0) return 'Nobody is on the board right now.\n';
  const hosts = callers.some((c) => c.host !== undefined);
  const columns = hosts ? [HOST_COLUMN, ...COLUMNS] : COLUMNS;
  const row = (cells: readonly string[]): string =>
    cells.map((c, i) => fitWidth(c, columns[i]!.width, columns[i]!.right)).join('  ').trimEnd() + '\n';
  let out = row(columns.map((c) => c.title));
  const byPlace = (a: OnlineCaller, b: OnlineCaller): number =>
    (a.host ?? '').localeCompare(b.host ?? '') || a.node - b.node || a.line - b.line || a.since.getTime() - b.since.getTime();
  for (const c of [...callers].sort(byPlace)) {
    out += row([
      ...(hosts ? [c.host ?? ''] : []),
      `${c.node}/${c.line}`,
      c.user ? neutralizeLine(c.user) : '(logging in)',
      viaName(c.transport),
      neutralizeLine(c.doing),
      duration(now.getTime() - c.since.getTime()),
    ]);
  }
  out += `${callers.length} ${callers.length === 1 ? 'caller' : 'callers'} online.\n`;
  return out;
}

function duration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  return minutes < 60 ? `${minutes}m` : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}`;
}
