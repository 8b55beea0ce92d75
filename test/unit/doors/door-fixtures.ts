import { fileURLToPath } from 'node:url';

/** The door test programs in test/fixtures/doors. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/doors/${name}`, import.meta.url));
}
