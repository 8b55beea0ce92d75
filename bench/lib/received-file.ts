import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

/** SHA-256 of a file, read as a stream: a transfer's file may be hundreds of MiB. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Why a received file is not the one sent (size, then SHA-256 when given), or null when it is. */
export async function receivedProblem(path: string, size: number, sha256: string | null): Promise<string | null> {
  const got = await stat(path).then((s) => s.size, () => -1);
  if (got === -1) return `${path} did not arrive`;
  if (got !== size) return `${path} has ${got} bytes of ${size}`;
  if (sha256 !== null && (await fileSha256(path)) !== sha256) return `${path} differs from the file sent (SHA-256)`;
  return null;
}
