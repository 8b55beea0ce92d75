import type { Screen } from './screen.js';
import { burnPrompt, greeting, instruments, leavePrompt, START_PROMPT, tableRows, verdict, type View } from './texts.js';

const CRLF = '\r\n';

/** Pairs of "Label value" joined into lines no wider than `cols`. */
function panelLines(pairs: [string, string][], cols: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const [label, value] of pairs) {
    const cell = `${label} ${value}`;
    if (line && line.length + 3 + cell.length > cols - 1) {
      lines.push(line);
      line = cell;
    } else line = line ? `${line}   ${cell}` : cell;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The game on a terminal that knows no escape sequences (DOOR32.SYS
 * emulation 0): a teletype transcript, as the 1969 original was.
 */
export class PlainScreen implements Screen {
  readonly redrawsOnResize = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly size: () => { cols: number; rows: number },
  ) {}

  title(view: View): void {
    this.write([...greeting(view), '', START_PROMPT].join(CRLF));
  }

  turn(view: View): void {
    const pairs = instruments(view).filter(([label]) => label !== 'Pilot');
    this.write(CRLF + [...panelLines(pairs, this.size().cols), burnPrompt(view) + view.typed].join(CRLF));
  }

  result(view: View): void {
    const outcome = view.outcome!;
    this.write(CRLF + CRLF + [...verdict(view, outcome), '', 'HIGH SCORES', ...tableRows(outcome.table), '', leavePrompt(view)].join(CRLF));
  }

  echo(ch: string): void {
    this.write(ch);
  }

  erase(): void {
    this.write('\b \b');
  }

  farewell(text: string): void {
    this.write(CRLF + text + CRLF);
  }
}
