import { Canvas } from './canvas.js';
import type { Glyphs } from './charset.js';
import { START } from './physics.js';
import type { Screen } from './screen.js';
import { HIDE_CURSOR, SHOW_CURSOR } from './terminal.js';
import { burnPrompt, greeting, instruments, leavePrompt, START_PROMPT, tableRows, verdict, type View } from './texts.js';

const PANEL_WIDTH = 26;
const COLOUR = { bar: '1;37;44', label: '36', value: '1;37', star: '37', ground: '33', lander: '1;37', flame: '1;33', prompt: '1;33', hint: '37', good: '1;32', bad: '1;31', mine: '1;33' };

/** The full-screen game: a sky with the lander falling through it, and the instruments beside it. */
export class AnsiScreen implements Screen {
  readonly redrawsOnResize = true;

  constructor(
    private readonly write: (text: string) => void,
    private readonly size: () => { cols: number; rows: number },
    private readonly glyphs: Glyphs,
  ) {}

  title(view: View): void {
    const c = this.frame(view);
    greeting(view).forEach((line, i) => c.put(3 + i, 3, line, i === 0 ? COLOUR.value : COLOUR.hint));
    this.scene(c, 3 + greeting(view).length, false);
    this.prompt(c, START_PROMPT, '');
  }

  turn(view: View): void {
    const c = this.frame(view);
    const skyWidth = this.skyWidth(c);
    if (skyWidth > 0) this.sky(c, view, skyWidth);
    this.panel(c, view, skyWidth > 0 ? skyWidth + 3 : 2);
    c.put(c.rows, 2, '0 falls, 3 hovers, 9 brakes hard. Q or Esc leaves.', COLOUR.hint);
    this.prompt(c, burnPrompt(view), view.typed);
  }

  result(view: View): void {
    const outcome = view.outcome!;
    const c = this.frame(view);
    const good = outcome.landing !== 'crash' && !outcome.saveError;
    verdict(view, outcome).forEach((line, i) => c.put(3 + i, 3, line, i === 0 ? (good ? COLOUR.good : COLOUR.bad) : COLOUR.value));
    c.put(7, 3, 'HIGH SCORES', COLOUR.prompt);
    tableRows(outcome.table).forEach((line, i) => c.put(8 + i, 3, line, i === 0 ? COLOUR.label : i === outcome.place ? COLOUR.mine : COLOUR.value));
    this.scene(c, 8 + tableRows(outcome.table).length, outcome.landing === 'crash');
    this.prompt(c, leavePrompt(view), '');
  }

  echo(ch: string): void {
    this.write(ch);
  }

  erase(): void {
    this.write('\b \b');
  }

  farewell(text: string): void {
    this.write(`\x1b[0m\x1b[2J\x1b[H${text}\r\n`);
  }

  private frame(view: View): Canvas {
    const { cols, rows } = this.size();
    const c = new Canvas(cols, rows);
    c.clear();
    const title = view.board ? ` LUNAR LANDER  -  ${view.board} ` : ' LUNAR LANDER ';
    c.put(1, 1, title.padEnd(cols), COLOUR.bar);
    return c;
  }

  /** Where the prompt goes, drawn last so the cursor waits at its end. */
  private prompt(c: Canvas, text: string, typed: string): void {
    c.put(c.rows - 1, 2, text, COLOUR.prompt);
    this.write(HIDE_CURSOR + c.toString() + `\x1b[0;${COLOUR.value}m${typed}` + SHOW_CURSOR);
  }

  private skyWidth(c: Canvas): number {
    const width = c.cols - PANEL_WIDTH - 2;
    return width >= 9 ? width : 0;
  }

  private sky(c: Canvas, view: View, width: number): void {
    const ground = c.rows - 3;
    for (let row = 3; row < ground; row++) {
      for (let col = 1; col <= width; col++) if (((row * 73856093) ^ (col * 19349663)) % 29 === 0) c.put(row, col, this.glyphs.star, COLOUR.star);
    }
    c.put(ground, 1, this.glyphs.ground.repeat(width), COLOUR.ground);
    const span = Math.max(0, ground - 5);
    const height = Math.round(Math.min(1, Math.max(0, view.lander.altitude / START.altitude)) * span);
    const top = ground - 2 - height;
    const left = Math.floor(width / 2) - 1;
    c.put(top, left, this.glyphs.lander[0], COLOUR.lander);
    c.put(top + 1, left, this.glyphs.lander[1], COLOUR.lander);
    if (view.lastBurn > 0 && top + 2 < ground) c.put(top + 2, left + 1, this.glyphs.flame[Math.min(2, Math.floor((view.lastBurn - 1) / 3)) as 0 | 1 | 2], COLOUR.flame);
  }

  private panel(c: Canvas, view: View, col: number): void {
    const rows = instruments(view);
    rows.forEach(([label, value], i) => {
      if (3 + i >= c.rows - 1) return;
      c.put(3 + i, col, label.padEnd(11), COLOUR.label);
      c.put(3 + i, col + 11, value, COLOUR.value);
    });
    const gaugeRow = 4 + rows.length;
    const width = Math.max(0, Math.min(20, c.cols - col - 1));
    if (gaugeRow >= c.rows - 1 || width === 0) return;
    const full = Math.round((view.lander.fuel / START.fuel) * width);
    const colour = full > width / 3 ? COLOUR.good : COLOUR.bad;
    c.put(gaugeRow, col, this.glyphs.full.repeat(full) + this.glyphs.empty.repeat(width - full), colour);
  }

  /** The ground with the lander on it (or what is left of it), when there is room below the text that ends at `free`. */
  private scene(c: Canvas, free: number, wrecked: boolean): void {
    const ground = c.rows - 3;
    if (ground - 2 <= free) return;
    const width = c.cols - 2;
    c.put(ground, 2, this.glyphs.ground.repeat(width), COLOUR.ground);
    const left = Math.floor(c.cols / 2) - 1;
    if (wrecked) c.put(ground - 1, left - 1, this.glyphs.wreck, COLOUR.bad);
    else {
      c.put(ground - 2, left, this.glyphs.lander[0], COLOUR.lander);
      c.put(ground - 1, left, this.glyphs.lander[1], COLOUR.lander);
    }
  }
}
