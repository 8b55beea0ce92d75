import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger, type LogFormat } from '../../../src/logger.js';

function lines(format: LogFormat, say: (log: ReturnType<typeof createLogger>) => void): string[] {
  const out: string[] = [];
  say(createLogger({ format, write: (l) => out.push(l), clock: () => new Date(0) }));
  return out;
}

test('a line with a text form reads as that sentence in text, followed only by the logger’s own fields', () => {
  const [line] = lines('text', (log) =>
    log.child({ node: 2 }).info('listening', { transport: 'telnet', host: '0.0.0.0', port: 2323 }, 'listening telnet 0.0.0.0:2323'),
  );
  assert.equal(line, '1970-01-01T00:00:00.000Z INFO  listening telnet 0.0.0.0:2323 node=2');
});

test('in JSON the text form is not used: msg and every field stay apart', () => {
  const [line] = lines('json', (log) => log.info('listening', { transport: 'telnet', host: '0.0.0.0', port: 2323 }, 'listening telnet 0.0.0.0:2323'));
  assert.deepEqual(JSON.parse(line!), { time: '1970-01-01T00:00:00.000Z', level: 'info', msg: 'listening', transport: 'telnet', host: '0.0.0.0', port: 2323 });
});

test('the text form is escaped like any message', () => {
  const [line] = lines('text', (log) => log.info('m', {}, 'a\x1b[2Jb'));
  assert.equal(line, '1970-01-01T00:00:00.000Z INFO  a\\u001b[2Jb');
});
