/** How long each named step of a long test took, for its diagnostic line. */
export class StepTimings {
  readonly ms: Record<string, number> = {};

  async timed<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await work();
    } finally {
      this.ms[name] = Date.now() - started;
    }
  }

  toString(): string {
    return `timings (ms): ${JSON.stringify(this.ms)}`;
  }
}
