import { START, step, type Lander } from '../../doors/lander/physics.js';

/** A careful pilot for the lander door: each turn, the burn whose next speed is nearest a safe speed for the height it leaves. */
export function autopilot(): { burns: number[]; landed: Lander } {
  const burns: number[] = [];
  let lander: Lander = { ...START };
  while (!lander.landed && burns.length < 100) {
    let best = 0;
    let miss = Infinity;
    for (let burn = 0; burn <= 9; burn++) {
      const next = step(lander, burn);
      const off = next.landed ? next.velocity * 3 : Math.abs(next.velocity - Math.max(1, Math.sqrt(2.4 * next.altitude)));
      if (off < miss) [best, miss] = [burn, off];
    }
    burns.push(best);
    lander = step(lander, best);
  }
  return { burns, landed: lander };
}
