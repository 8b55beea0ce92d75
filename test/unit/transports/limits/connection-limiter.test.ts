import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addressKey, ConnectionLimiter, DEFAULT_PER_ADDRESS, DEFAULT_TOTAL, normalizeAddress } from '../../../../src/transports/limits/connection-limiter.js';

void describe('connection limiter', () => {
  void it('defaults to 8 per address and 2000 in total', () => {
    const l = new ConnectionLimiter();
    assert.equal(l.perAddress, DEFAULT_PER_ADDRESS);
    assert.equal(l.total, DEFAULT_TOTAL);
    assert.equal(DEFAULT_PER_ADDRESS, 8);
    assert.equal(DEFAULT_TOTAL, 2000);
  });

  void it('refuses the connection past the per-address cap with a reason, and admits others', () => {
    const l = new ConnectionLimiter({ perAddress: 2, total: 10 });
    assert.equal(l.tryAcquire('10.0.0.1').ok, true);
    assert.equal(l.tryAcquire('10.0.0.1').ok, true);
    const third = l.tryAcquire('10.0.0.1');
    assert.equal(third.ok, false);
    if (!third.ok) assert.match(third.reason, /too many connections from your address/i);
    assert.equal(l.tryAcquire('10.0.0.2').ok, true);
  });

  void it('refuses everyone past the total cap', () => {
    const l = new ConnectionLimiter({ perAddress: 5, total: 3 });
    for (const a of ['a', 'b', 'c']) assert.equal(l.tryAcquire(a).ok, true);
    const r = l.tryAcquire('d');
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, /full/);
  });

  void it('frees a slot on release, and a second release frees nothing', () => {
    const l = new ConnectionLimiter({ perAddress: 1, total: 2 });
    const a = l.tryAcquire('x');
    const b = l.tryAcquire('y');
    assert.ok(a.ok && b.ok);
    a.release();
    a.release();
    assert.equal(l.active, 1);
    assert.equal(l.activeFor('x'), 0);
    assert.equal(l.tryAcquire('x').ok, true);
    assert.equal(l.tryAcquire('z').ok, false);
  });

  void it('counts an IPv4 caller the same on IPv4 and dual-stack sockets', () => {
    const l = new ConnectionLimiter({ perAddress: 1 });
    assert.equal(l.tryAcquire('127.0.0.1').ok, true);
    assert.equal(l.tryAcquire('::ffff:127.0.0.1').ok, false);
    assert.equal(normalizeAddress('::FFFF:10.1.2.3'), '10.1.2.3');
    assert.equal(normalizeAddress('::1'), '::1');
  });

  void it('counts an IPv6 /64 as one address, however the address is spelled', () => {
    const l = new ConnectionLimiter({ perAddress: 2 });
    assert.equal(l.tryAcquire('2001:db8:1:2::1').ok, true);
    assert.equal(l.tryAcquire('2001:DB8:1:2:ffff:ffff:ffff:ffff').ok, true);
    const third = l.tryAcquire('2001:0db8:0001:0002:0:0:0:abcd');
    assert.equal(third.ok, false);
    if (!third.ok) assert.match(third.reason, /too many connections from your address/i);
    // The next /64 over is somebody else.
    assert.equal(l.tryAcquire('2001:db8:1:3::1').ok, true);
    assert.equal(l.activeFor('2001:db8:1:2::99'), 2);
    assert.equal(addressKey('2001:db8:1:2:3:4:5:6'), '2001:db8:1:2::/64');
    assert.equal(addressKey('::1'), '::/64');
    assert.equal(addressKey('fe80::1%eth0'), 'fe80::/64');
  });

  void it('keeps an IPv4-mapped IPv6 address as the IPv4 address, dotted or hex', () => {
    assert.equal(addressKey('::ffff:10.1.2.3'), '10.1.2.3');
    assert.equal(addressKey('::FFFF:a01:203'), '10.1.2.3');
    assert.equal(addressKey('10.1.2.3'), '10.1.2.3');
    const l = new ConnectionLimiter({ perAddress: 1 });
    assert.equal(l.tryAcquire('10.1.2.3').ok, true);
    assert.equal(l.tryAcquire('::ffff:a01:203').ok, false);
  });

  void it('counts what is not an address as itself, without throwing', () => {
    assert.equal(addressKey('unknown'), 'unknown');
    assert.equal(addressKey('zz::zz'), 'zz::zz');
    assert.equal(addressKey(''), '');
  });

  void it('forgets addresses with no connections left', () => {
    const l = new ConnectionLimiter();
    const leases = Array.from({ length: 1000 }, (_, i) => l.tryAcquire(`10.0.${i >> 8}.${i & 255}`));
    for (const lease of leases) if (lease.ok) lease.release();
    assert.equal(l.active, 0);
    assert.equal((l as unknown as { byAddress: Map<string, number> }).byAddress.size, 0);
  });

  void it('ignores nonsense options', () => {
    const l = new ConnectionLimiter({ perAddress: 0, total: Number.NaN });
    assert.equal(l.perAddress, 8);
    assert.equal(l.total, 2000);
  });
});
