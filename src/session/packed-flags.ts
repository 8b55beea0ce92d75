/** What a class with packed flags holds for them: one small integer. */
interface FlagBits {
  flags: number;
}

/**
 * Boolean properties kept as the bits of one integer field, `flags`. The
 * objects of a call (the gateway's, the node's, the terminal's, the wire's)
 * each carry a handful of yes/no states, and every field is eight bytes held
 * for every caller, thousands of whom may sit at the name prompt; one field
 * holds them all. The class declares each flag (`declare started: boolean`,
 * so no field of its own is made), starts `flags` at 0 (every flag false),
 * and calls this once with the names, which become accessors on its
 * prototype. At most 30 names: the integer stays small.
 */
export function packFlags(proto: object, names: readonly string[]): void {
  if (names.length > 30) throw new Error('at most 30 packed flags');
  names.forEach((name, bit) => {
    const mask = 1 << bit;
    Object.defineProperty(proto, name, {
      get(this: FlagBits): boolean {
        return (this.flags & mask) !== 0;
      },
      set(this: FlagBits, on: boolean) {
        this.flags = on ? this.flags | mask : this.flags & ~mask;
      },
      configurable: true,
    });
  });
}
