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

/**
 * Callers online as a plain text table for a pipe or a log, not a terminal:
 * no colour, LF line ends. Names and activities are caller-influenced data,
 * so they are neutralised before they reach someone's terminal.
 */
export function formatWho(callers: readonly OnlineCaller[], now: Date): string {
  if (callers.length === 0) return 'Nobody is on the board right now.\n';
  const row = (cells: readonly string[]): string =>
    cells.map((c, i) => fitWidth(c, COLUMNS[i]!.width, COLUMNS[i]!.right)).join('  ').trimEnd() + '\n';
  let out = row(COLUMNS.map((c) => c.title));
  for (const c of [...callers].sort((a, b) => a.node - b.node || a.line - b.line || a.since.getTime() - b.since.getTime())) {
    out += row([
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
