import { START, TURN_SECONDS, type Lander, type Landing } from './physics.js';
import type { ScoreEntry } from './score-table.js';

/** Everything a screen shows; both the ANSI and the plain screen draw from it. */
export interface View {
  pilot: string;
  board: string;
  lander: Lander;
  lastBurn: number;
  /** What the pilot has typed at the burn prompt so far. */
  typed: string;
  minutesLeft: number;
  outcome?: Outcome;
}

export interface Outcome {
  landing: Landing;
  score: number;
  place: number | null;
  table: ScoreEntry[];
  /** Why the score could not be saved, if it could not. */
  saveError?: string;
}

export function greeting(view: View): string[] {
  const where = view.board ? ` on ${view.board}` : '';
  return [
    `Welcome, ${view.pilot}, to LUNAR LANDER${where}!`,
    '',
    `Your lander is ${START.altitude} m above the Sea of Tranquillity,`,
    `falling at ${START.velocity} m/s, with ${START.fuel} units of fuel.`,
    `Each turn, pick a burn from 0 to 9 for the next ${TURN_SECONDS} seconds:`,
    '0 falls freely, 3 hovers, 9 brakes hard.',
    'Touch down under 2 m/s for a perfect landing;',
    'every unit of fuel you bring home scores too.',
  ];
}

export const START_PROMPT = 'Press any key to begin, Q to leave: ';

function speed(velocity: number): string {
  return `${Math.abs(velocity).toFixed(1)} m/s ${velocity >= 0 ? 'down' : 'up'}`;
}

/** Label and value rows of the instrument panel. */
export function instruments(view: View): [string, string][] {
  const { lander } = view;
  return [
    ['Pilot', view.pilot],
    ['Altitude', `${lander.altitude.toFixed(1)} m`],
    ['Speed', speed(lander.velocity)],
    ['Fuel', `${Math.floor(lander.fuel)} of ${START.fuel}`],
    ['Mission', `${Math.round(lander.seconds)} s`],
    ['Last burn', String(view.lastBurn)],
    ['Time left', `${view.minutesLeft} min`],
  ];
}

export function burnPrompt(view: View): string {
  return `Burn 0-9 (Enter: ${view.lastBurn} again, Q: leave): `;
}

const VERDICTS: Record<Landing, (speed: string) => string> = {
  perfect: (s) => `The Eagle has landed! A perfect touchdown at ${s}.`,
  good: (s) => `Down safely at ${s}. Bumpy, but the coffee stayed in its cup.`,
  hard: (s) => `A hard landing at ${s}: the legs are bent, the crew walks away.`,
  crash: (s) => `Houston, we have a crater. You hit the Moon at ${s}.`,
};

export function verdict(view: View, outcome: Outcome): string[] {
  const lines = [VERDICTS[outcome.landing](`${view.lander.velocity.toFixed(1)} m/s`), `Score: ${outcome.score}`];
  if (outcome.saveError) lines.push(`The score could not be saved: ${outcome.saveError}`);
  else if (outcome.landing === 'crash') lines.push('Craters do not make the high-score table.');
  else if (outcome.place === null) lines.push('Not enough for the high-score table this time.');
  else lines.push(`That is number ${outcome.place} on the high-score table!`);
  return lines;
}

/** The high-score table as rows of text, the header first. */
export function tableRows(table: readonly ScoreEntry[]): string[] {
  const rows = table.map((e, i) => `${String(i + 1).padStart(2)}  ${e.name.padEnd(20)} ${String(e.score).padStart(6)}  ${e.date.slice(0, 10)}`);
  return [' #  Pilot                 Score  Date', ...(rows.length ? rows : ['    (nobody yet)'])];
}

export function leavePrompt(view: View): string {
  return `Press any key to go back to ${view.board || 'the board'}. `;
}

export const FAREWELL = {
  quit: (pilot: string) => `So long, ${pilot}. The Moon will wait for you.`,
  time: (pilot: string) => `${pilot}, your time is up: the lander flies home on autopilot. See you next call!`,
  done: (pilot: string) => `Thanks for flying, ${pilot}!`,
};
