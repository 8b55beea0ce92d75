import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { isUrlEncoded, parseForm, readForm } from '../../../src/transports/http/reader/form-body.js';

test('a urlencoded form is read field by field, in UTF-8, with + as a space', () => {
  const form = parseForm(Buffer.from('subject=Hello+there&body=line%201%0D%0Aline%202%20%E2%9C%93&csrf=abc'));
  assert.ok(form instanceof Map);
  assert.equal(form.get('subject'), 'Hello there');
  assert.equal(form.get('body'), 'line 1\r\nline 2 ✓');
  assert.equal(form.get('csrf'), 'abc');
});

test('a name given twice, too many fields, or bytes that are not UTF-8 are refused with 400', () => {
  assert.equal((parseForm(Buffer.from('csrf=a&csrf=b')) as { status: number }).status, 400);
  assert.equal((parseForm(Buffer.from(Array.from({ length: 17 }, (_, i) => `f${i}=1`).join('&'))) as { status: number }).status, 400);
  assert.equal((parseForm(Buffer.from('body=%FF%FE')) as { status: number }).status, 400);
  assert.equal((parseForm(Buffer.from([0x62, 0x3d, 0xff])) as { status: number }).status, 400);
  assert.ok(parseForm(Buffer.from('body=%EF%BF%BD')) instanceof Map, 'a real U+FFFD typed by someone is fine');
});

test('only application/x-www-form-urlencoded is a form', () => {
  assert.equal(isUrlEncoded('application/x-www-form-urlencoded'), true);
  assert.equal(isUrlEncoded('Application/X-WWW-Form-URLEncoded; charset=UTF-8'), true);
  assert.equal(isUrlEncoded('multipart/form-data; boundary=x'), false);
  assert.equal(isUrlEncoded('application/json'), false);
  assert.equal(isUrlEncoded(undefined), false);
});

/** A server that answers with what readForm made of the request. */
async function formServer(t: { after: (fn: () => unknown) => void }, limits = { maxBytes: 1024, timeoutMs: 300 }): Promise<number> {
  const server = http.createServer((req, res) => {
    void readForm(req, limits).then((form) => {
      const answer = form instanceof Map ? { fields: Object.fromEntries(form) } : form;
      res.setHeader('Connection', 'close');
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  return (server.address() as AddressInfo).port;
}

/** Raw bytes to the server, and its whole answer. */
function exchange(port: number, parts: Array<string | { waitMs: number }>): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let out = '';
    socket.on('data', (d) => (out += d.toString()));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
    void (async () => {
      for (const p of parts) {
        if (typeof p === 'string') socket.write(p);
        else await new Promise((r) => setTimeout(r, p.waitMs));
      }
    })();
  });
}

const head = (length: number, type = 'application/x-www-form-urlencoded'): string => `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: ${type}\r\nContent-Length: ${length}\r\n\r\n`;

test('over a real socket: a form within the cap is read; one declared or sent past it is 413; a slow one 408; another type 415', async (t) => {
  const port = await formServer(t);
  assert.match(await exchange(port, [head(9) + 'subject=a']), /"subject":"a"/);
  assert.match(await exchange(port, [head(4096) + 'x'.repeat(10)]), /"status":413/);
  // Chunked, so no length says in advance that it is too big.
  const chunk = 'y'.repeat(600);
  const chunked = `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n${(600).toString(16)}\r\n${chunk}\r\n${(600).toString(16)}\r\n${chunk}\r\n0\r\n\r\n`;
  assert.match(await exchange(port, [chunked]), /"status":413/);
  assert.match(await exchange(port, [head(20) + 'subject=', { waitMs: 600 }]), /"status":408/);
  assert.match(await exchange(port, [head(3, 'text/plain') + 'a=b']), /"status":415/);
});
