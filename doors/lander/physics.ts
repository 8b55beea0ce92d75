/**
 * The lander, after the 1969 teletype game: each turn the pilot picks a
 * burn for the next few seconds and the Moon does the rest. Pure and
 * deterministic, so a turn can be replayed and tested.
 */

/** Lunar gravity, m/s². */
const GRAVITY = 1.62;
/** Upward acceleration per unit of burn: burn 3 hovers, 9 brakes hard. */
const THRUST_PER_BURN = 0.54;
/** Seconds one turn lasts. */
export const TURN_SECONDS = 3;
export const MAX_BURN = 9;

export interface Lander {
  /** Metres above the surface. */
  altitude: number;
  /** Metres a second, downward positive. */
  velocity: number;
  /** Fuel units; a burn of b spends b units a second. */
  fuel: number;
  /** Seconds since the descent began. */
  seconds: number;
  /** Set once the lander touches the surface. */
  landed: boolean;
}

export const START: Readonly<Lander> = { altitude: 600, velocity: 30, fuel: 250, seconds: 0, landed: false };

/** The first moment in [0, limit] at which altitude - v·t - a·t²/2 reaches 0, or null. */
function touchdownTime(altitude: number, velocity: number, accel: number, limit: number): number | null {
  const roots: number[] = [];
  if (Math.abs(accel) < 1e-12) {
    if (velocity > 0) roots.push(altitude / velocity);
  } else {
    const disc = velocity * velocity + 2 * accel * altitude;
    if (disc >= 0) {
      const root = Math.sqrt(disc);
      roots.push((-velocity + root) / accel, (-velocity - root) / accel);
    }
  }
  const hits = roots.filter((t) => t >= 0 && t <= limit + 1e-9).sort((a, b) => a - b);
  return hits[0] ?? null;
}

/** One turn at `burn` (0-9; more than the fuel allows burns what is left). */
export function step(lander: Lander, burn: number): Lander {
  if (lander.landed) return lander;
  const wanted = Math.max(0, Math.min(MAX_BURN, Math.trunc(burn)));
  // A tank that runs dry part-way through is spread over the whole turn.
  const rate = Math.min(wanted, lander.fuel / TURN_SECONDS);
  const accel = GRAVITY - THRUST_PER_BURN * rate;
  const hit = touchdownTime(lander.altitude, lander.velocity, accel, TURN_SECONDS);
  const t = hit ?? TURN_SECONDS;
  return {
    altitude: hit === null ? lander.altitude - lander.velocity * t - (accel * t * t) / 2 : 0,
    velocity: lander.velocity + accel * t,
    fuel: Math.max(0, lander.fuel - rate * t),
    seconds: lander.seconds + t,
    landed: hit !== null,
  };
}

export type Landing = 'perfect' | 'good' | 'hard' | 'crash';

/** How the touchdown went, and what it scores: speed matters most, fuel saved counts too. */
export function judge(lander: Lander): { landing: Landing; score: number } {
  const speed = Math.max(0, lander.velocity);
  const fuel = Math.floor(lander.fuel);
  if (speed <= 2) return { landing: 'perfect', score: Math.round(1000 - speed * 100) + fuel * 5 };
  if (speed <= 5) return { landing: 'good', score: Math.round(600 - speed * 50) + fuel * 5 };
  if (speed <= 10) return { landing: 'hard', score: Math.round(200 - speed * 10) };
  return { landing: 'crash', score: 0 };
}
