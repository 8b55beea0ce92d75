/**
 * The C library's allocator setting every board process runs with (the Docker
 * image and `npm start` set it; node worker processes are given it).
 *
 * glibc's malloc gives the free memory at the top of an arena back to the
 * system once there is more than its trim threshold, 128 KiB; but each time a
 * block it had mapped on its own is freed, it raises that threshold to twice
 * the block's size (up to 64 MiB). V8's optimizing compiler frees such blocks
 * of 130-160 KiB on its background threads, and its garbage collector one of
 * about 260 KiB, so after a board's first busy second the threshold sits
 * near half a megabyte, and each of V8's worker threads keeps up to that much
 * of the compiler's freed memory in its own arena for good: about 2 MiB after
 * the first 1,000 callers. Setting the threshold, even to glibc's own
 * default, turns the raising off. Nothing in JavaScript can call mallopt(),
 * so it must be in the environment the process starts with; a value the
 * sysop set wins. The price is memory given back and faulted in again: the
 * garbage collector's threads free and take again what they need at each
 * collection, which the benchmark saw as about 0.35 ms more on the p99 of a
 * key's round trip at 1,000 callers (bench/findings.md).
 */
export const ALLOCATOR_ENV: Readonly<Record<string, string>> = { MALLOC_TRIM_THRESHOLD_: '131072' };

/** `env` with the allocator setting added where it is not already set. */
export function withAllocatorEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...ALLOCATOR_ENV, ...env };
}
