import type { SessionIO } from '../session/io.js';
import type { FlowDeps } from './deps.js';

/**
 * Typing a message the seed's way: line after line, ended by a line holding
 * only a dot. The line cap is stated up front and enforced. Returns the body,
 * or null when nothing but blank lines was typed.
 */
export async function composeBody(io: SessionIO, deps: FlowDeps): Promise<string | null> {
  const max = deps.limits.messageLines;
  io.screen('compose_intro', { max, width: deps.limits.lineLength });
  const lines: string[] = [];
  while (lines.length < max) {
    const line = await io.ask('', {
      pchar: '|08{{n:>2}}|07: ',
      vars: { n: lines.length + 1 },
      maxLength: deps.limits.lineLength,
    });
    if (line.trim() === '.') break;
    lines.push(line.trimEnd());
    if (lines.length === max) io.screen('compose_full', { max });
  }
  while (lines.length && !lines[lines.length - 1]) lines.pop();
  while (lines.length && !lines[0]) lines.shift();
  return lines.length ? lines.join('\n') : null;
}
