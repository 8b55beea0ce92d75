import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../../src/logger.js';
import { RefusalLog } from '../../../../src/transports/limits/refusal-log.js';

function make(opts: { maxAddresses?: number } = {}): { log: RefusalLog; lines: string[] } {
  const lines: string[] = [];
  // An interval no test waits for: the tests flush by hand.
  const log = new RefusalLog(createLogger({ format: 'json', write: (line) => lines.push(line) }), { intervalMs: 10_000, ...opts });
  return { log, lines };
}

void describe('refusal log', () => {
  void it('logs the first refusal from an address at once, then one summary line per interval', () => {
    const { log, lines } = make();
    try {
      for (let i = 0; i < 5000; i++) log.note('127.0.0.1', 'Too many connections from your address (limit 8).');
      assert.equal(lines.length, 1);
      assert.match(lines[0]!, /refused a connection from 127\.0\.0\.1/);
      assert.match(lines[0]!, /Too many connections/);
      log.flush();
      assert.equal(lines.length, 2);
      assert.match(lines[1]!, /refused 4999 connections from 127\.0\.0\.1 in the last 10 s/);
      // A quiet interval writes nothing; the next is quiet too and the address is forgotten.
      log.flush();
      log.flush();
      assert.equal(lines.length, 2);
      assert.equal(log.tracked, 0);
      log.note('127.0.0.1', 'again');
      assert.equal(lines.length, 3);
      assert.match(lines[2]!, /refused a connection from 127\.0\.0\.1/);
    } finally {
      log.close();
    }
  });

  void it('counts an IPv6 /64 as one address', () => {
    const { log, lines } = make();
    try {
      for (let i = 1; i <= 300; i++) log.note(`2001:db8:0:7::${i.toString(16)}`, 'full');
      log.flush();
      assert.equal(lines.length, 2);
      assert.match(lines[1]!, /refused 299 connections from 2001:db8:0:7::\/64/);
    } finally {
      log.close();
    }
  });

  void it('tracks a bounded number of addresses and sums the rest into one line', () => {
    const { log, lines } = make({ maxAddresses: 10 });
    try {
      for (let i = 0; i < 10_000; i++) log.note(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, 'full');
      assert.equal(log.tracked, 10);
      assert.equal(lines.length, 10);
      log.flush();
      assert.equal(lines.length, 11);
      assert.match(lines[10]!, /refused 9990 connections from other addresses in the last 10 s/);
    } finally {
      log.close();
    }
  });

  void it('writes what is pending when closed', () => {
    const { log, lines } = make();
    log.note('10.0.0.1', 'full');
    log.note('10.0.0.1', 'full');
    log.close();
    assert.equal(lines.length, 2);
    assert.match(lines[1]!, /refused 1 connection from 10\.0\.0\.1/);
    assert.equal(log.tracked, 0);
  });
});
