import type { Door32 } from './door32.js';
import type { Key } from './keys.js';
import { judge, START, step } from './physics.js';
import type { ScoreFile } from './score-file.js';
import type { Screen } from './screen.js';
import type { DoorTerminal } from './terminal.js';
import { FAREWELL, type Outcome, type View } from './texts.js';

/** How a game ended: the pilot left, their time ran out, they finished, or the line dropped. */
export type Ending = 'quit' | 'time' | 'done' | 'hangup';

type Phase = 'title' | 'flying' | 'saving' | 'over' | 'ended';

/** setTimeout's ceiling: a longer time left simply never runs out during one game. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface GameParts {
  terminal: DoorTerminal;
  screen: Screen;
  door: Door32;
  scores: ScoreFile;
}

/** One game, from the greeting to the goodbye: keys in, screens out. */
export class LanderGame {
  private phase: Phase = 'title';
  private readonly deadline: number;
  private readonly view: View;
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private finished: ((ending: Ending) => void) | undefined;

  constructor(private readonly parts: GameParts) {
    this.deadline = Date.now() + parts.door.minutesLeft * 60_000;
    this.view = { pilot: parts.door.alias, board: parts.door.bbsName, lander: { ...START }, lastBurn: 0, typed: '', minutesLeft: parts.door.minutesLeft };
  }

  /** Plays until the game ends; the terminal is restored by then. */
  run(): Promise<Ending> {
    return new Promise((resolve) => {
      this.finished = resolve;
      this.parts.terminal.start(
        (key) => this.onKey(key),
        () => this.redraw(),
        () => this.stop('hangup'),
      );
      this.parts.screen.title(this.fresh());
      this.timer = setTimeout(() => this.stop('time'), Math.min(MAX_TIMER_MS, Math.max(0, this.deadline - Date.now())));
    });
  }

  /** Ends the game now (a key, a signal, the clock); says goodbye unless the line is gone. */
  stop(ending: Ending): void {
    if (this.phase === 'ended') return;
    this.phase = 'ended';
    clearTimeout(this.timer);
    if (ending !== 'hangup') this.parts.screen.farewell(FAREWELL[ending](this.view.pilot));
    this.parts.terminal.restore();
    // A score being written is finished first, so no lock file is left behind.
    void this.saving.then(() => this.finished?.(ending));
  }

  private fresh(): View {
    this.view.minutesLeft = Math.max(0, Math.ceil((this.deadline - Date.now()) / 60_000));
    return this.view;
  }

  private redraw(): void {
    if (!this.parts.screen.redrawsOnResize) return;
    if (this.phase === 'title') this.parts.screen.title(this.fresh());
    else if (this.phase === 'flying') this.parts.screen.turn(this.fresh());
    else if (this.phase === 'over') this.parts.screen.result(this.fresh());
  }

  private onKey(key: Key): void {
    if (key.kind === 'interrupt' || key.kind === 'escape') return this.stop('quit');
    const ch = key.kind === 'char' ? key.ch : '';
    if (this.phase === 'title') {
      if (ch === 'q' || ch === 'Q') return this.stop('quit');
      this.phase = 'flying';
      this.parts.screen.turn(this.fresh());
    } else if (this.phase === 'flying') {
      if (ch === 'q' || ch === 'Q') return this.stop('quit');
      this.atBurnPrompt(key);
    } else if (this.phase === 'over') {
      this.stop('done');
    }
  }

  /** One digit, with Backspace to take it back and Enter to fire (Enter alone: the last burn again). */
  private atBurnPrompt(key: Key): void {
    const { view, parts } = this;
    if (key.kind === 'char' && /^[0-9]$/.test(key.ch) && view.typed === '') {
      view.typed = key.ch;
      parts.screen.echo(key.ch);
    } else if (key.kind === 'backspace' && view.typed !== '') {
      view.typed = '';
      parts.screen.erase();
    } else if (key.kind === 'enter') {
      view.lastBurn = view.typed === '' ? view.lastBurn : Number(view.typed);
      view.typed = '';
      view.lander = step(view.lander, view.lastBurn);
      if (view.lander.landed) this.touchdown();
      else parts.screen.turn(this.fresh());
    }
  }

  private touchdown(): void {
    this.phase = 'saving';
    const { landing, score } = judge(this.view.lander);
    this.saving = this.keepScore(score).then((outcome) => {
      if (this.phase !== 'saving') return;
      this.phase = 'over';
      this.view.outcome = { landing, score, ...outcome };
      this.parts.screen.result(this.fresh());
    });
  }

  /** Adds a score worth keeping to the table; always answers with the table to show. */
  private async keepScore(score: number): Promise<Omit<Outcome, 'landing' | 'score'>> {
    const { scores } = this.parts;
    try {
      if (score <= 0) return { place: null, table: await scores.read() };
      return await scores.record({ name: this.view.pilot, score, date: new Date().toISOString() });
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      return { place: null, table: [], saveError: reason };
    }
  }
}
