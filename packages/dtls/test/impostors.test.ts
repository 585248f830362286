import { fromHex, toHex } from '@purertc/common';
import fc from 'fast-check';
import { DtlsEndpoint } from '@purertc/dtls';
import { certs, components, fp, Net, pair } from './sim';

jest.setTimeout(60_000);

function errorOf(net: Net, side: 'a' | 'b') {
  const e = net.events(side, 'error')[0];
  return e?.type === 'error' ? e.error : undefined;
}

describe('impostors and hostile input', () => {
  test('fingerprint mismatch on the client: bad_certificate, no keys, no data, clear error', async () => {
    const { ec, ec2 } = await certs();
    const { a, b } = pair(ec, ec2, {}, { remoteFingerprints: fp(ec) /* not the server's */ });
    const net = new Net(a, b);
    a.start(0);
    net.run(() => net.events('a', 'error').length > 0 && net.events('b', 'error').length > 0);
    const ea = errorOf(net, 'a')!;
    expect(ea.name).toBe('DtlsError');
    expect(ea.code).toBe('fingerprint-mismatch');
    expect(ea.message).toMatch(/does not match the expected fingerprint/);
    expect(ea.alertName).toBe('bad_certificate');
    const eb = errorOf(net, 'b')!;
    expect(eb.alert).toBe(42);
    expect(eb.alertFromPeer).toBe(true);
    expect(net.events('a', 'connected')).toEqual([]);
    expect(net.events('b', 'connected')).toEqual([]);
    expect(() => a.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60)).toThrow(expect.objectContaining({ name: 'StateError' }));
    expect(() => b.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60)).toThrow(expect.objectContaining({ name: 'StateError' }));
    expect(() => a.send(new Uint8Array(1))).toThrow();
  });

  test('fingerprint mismatch on the server (client impostor)', async () => {
    const { ec, ec2, rsa } = await certs();
    const { a, b } = pair(ec, ec2, {}, {}, { remoteFingerprints: fp(rsa) });
    const net = new Net(a, b);
    a.start(0);
    net.run(() => net.events('b', 'error').length > 0);
    expect(errorOf(net, 'b')!.code).toBe('fingerprint-mismatch');
    expect(net.events('b', 'connected')).toEqual([]);
    net.run(() => net.events('a', 'error').length > 0);
    expect(net.events('a', 'connected')).toEqual([]);
    expect(errorOf(net, 'a')!.alertFromPeer).toBe(true);
    expect(errorOf(net, 'a')!.alertName).toBe('bad_certificate');
  });

  test.each(['sha-1', 'sha-384', 'sha-512'] as const)('fingerprints in %s are checked too', async (alg) => {
    const { ec, ec2 } = await certs();
    const good = pair(ec, ec2, {}, { remoteFingerprints: fp(ec2, alg) });
    const n1 = new Net(good.a, good.b);
    good.a.start(0);
    n1.run(() => n1.connected());
    expect(n1.connected()).toBe(true);
    const bad = pair(ec, ec2, {}, { remoteFingerprints: fp(ec, alg) });
    const n2 = new Net(bad.a, bad.b);
    bad.a.start(0);
    n2.run(() => n2.events('a', 'error').length > 0);
    expect(errorOf(n2, 'a')!.code).toBe('fingerprint-mismatch');
  });

  test('a late fingerprint that does not match fails without releasing anything', async () => {
    const { ec, ec2 } = await certs();
    const { a, b } = pair(ec, ec2, {}, { remoteFingerprints: undefined });
    const net = new Net(a, b);
    a.start(0);
    net.run(() => net.events('b', 'connected').length > 0);
    net.run(() => false, net.now + 50);
    a.setRemoteFingerprints(fp(ec));
    const e = a.pollEvent();
    expect(e?.type).toBe('error');
    expect(a.state).toBe('failed');
  });

  test('a wrong Finished: decrypt_error, neither side connects', async () => {
    const { ec, ec2 } = await certs();
    const { a, b } = pair(ec, ec2);
    // The client's second transcript hash feeds its Finished (the first is the RFC 7627 session hash).
    const inner = a as unknown as { transcriptHash(): Uint8Array };
    const real = inner.transcriptHash.bind(a);
    let calls = 0;
    inner.transcriptHash = () => (++calls === 2 ? new Uint8Array(32) : real());
    const net = new Net(a, b);
    a.start(0);
    net.run(() => net.events('b', 'error').length > 0 && net.events('a', 'error').length > 0);
    expect(errorOf(net, 'b')!.code).toBe('bad-finished');
    expect(errorOf(net, 'b')!.alertName).toBe('decrypt_error');
    expect(errorOf(net, 'a')!.alertFromPeer).toBe(true);
    expect(net.events('a', 'connected')).toEqual([]);
    expect(net.events('b', 'connected')).toEqual([]);
  });

  test('a tampered handshake datagram (flight 4) never leads to a connection', async () => {
    const { ec, ec2 } = await certs();
    for (const offset of [60, 200, 400, 520]) {
      const { a, b } = pair(ec, ec2);
      let done = false;
      const net = new Net(a, b, {
        tamper: (from, d) => {
          if (from !== 'b' || done || d.length < 600) return d;
          done = true;
          const t = d.slice();
          t[offset] ^= 0x01;
          return t;
        },
      });
      a.start(0);
      net.run(() => net.events('a', 'error').length > 0 || net.connected(), 5_000);
      expect(net.connected()).toBe(false);
    }
  });

  test('a tampered application record is dropped and counted; the association lives on', async () => {
    const { ec, ec2 } = await certs();
    const { a, b } = pair(ec, ec2);
    const net = new Net(a, b);
    a.start(0);
    net.run(() => net.connected());
    a.send(new Uint8Array([1, 2, 3]));
    const rec = a.pollTransmit()!.data;
    const t = rec.slice();
    t[t.length - 3] ^= 0x40;
    b.handle(net.now, t);
    expect(b.counters.authFailures).toBe(1);
    expect(b.pollEvent()).toBeUndefined();
    b.handle(net.now, rec);
    expect(b.pollEvent()?.type).toBe('data');
    b.handle(net.now, rec); // replay
    expect(b.pollEvent()).toBeUndefined();
    expect(b.counters.replayed).toBe(1);
    expect(b.state).toBe('finished');
  });

  test('garbage and truncated datagrams at every stage: dropped, counted, never thrown; the handshake still completes', async () => {
    const { ec, ec2 } = await certs();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 80 }), { minLength: 1, maxLength: 5 }), fc.nat(), async (garbage, seed) => {
        const { a, b } = pair(ec, ec2, {}, {}, {}, seed % 1000);
        const net = new Net(a, b, {
          tamper: (from, d, i) => {
            // inject garbage to both, and truncated copies of real traffic to its receiver
            const g = garbage[i % garbage.length]!;
            a.handle(net.now, g);
            b.handle(net.now, g);
            const to = from === 'a' ? b : a;
            to.handle(net.now, d.subarray(0, Math.max(0, d.length - 1 - (i % 20))));
            to.handle(net.now, d.subarray(0, 13 + (i % 7)));
            return d;
          },
        });
        a.start(0);
        net.run(() => net.connected(), 20_000);
        expect(net.connected()).toBe(true);
        // the truncated copies were dropped and counted on both sides
        for (const ep of [a, b]) {
          const c = ep.counters;
          expect(c.malformed + c.malformedHandshake + c.authFailures + c.ignoredRecords + c.fragmentsDropped).toBeGreaterThan(0);
        }
      }),
      { numRuns: 15 },
    );
  });

  test('the stateless server keeps nothing for a ClientHello without a valid cookie', async () => {
    const { ec, ec2 } = await certs();
    const { a, b } = pair(ec, ec2);
    a.start(0);
    const hello = a.pollTransmit()!.data;
    for (let i = 0; i < 100; i++) b.handle(i, hello, { address: '127.0.0.1', port: 5000 + i });
    expect(b.state).toBe('idle');
    expect(b.counters.helloVerifyRequestsSent).toBe(100);
    const hvr = b.pollTransmit()!.data;
    expect(hvr[0]).toBe(22);
    expect(hvr[13]).toBe(3); // HelloVerifyRequest
    expect(toHex(hvr.subarray(5, 11))).toBe(toHex(hello.subarray(5, 11))); // same record sequence number
    expect(b.pollTimeout()).toBeUndefined();
    // a cookie bound to another address does not verify
    a.handle(200, hvr);
    const hello2 = a.pollTransmit()!.data;
    b.handle(201, hello2, { address: '127.0.0.1', port: 9999 });
    expect(b.state).toBe('idle');
    b.handle(202, hello2, { address: '127.0.0.1', port: 5000 });
    expect(b.state).toBe('waiting');
  });

  test('a flood of handshake fragments keeps memory bounded and the handshake completes', async () => {
    const { ec, ec2 } = await certs();
    const { a, b } = pair(ec, ec2);
    let flooded = false;
    let maxHeld = 0;
    const net = new Net(a, b, {
      tamper: (from, d) => {
        if (from === 'b' && !flooded) {
          flooded = true;
          // 20000 single-byte fragments of big messages at many message_seq values, in epoch 0
          for (let i = 0; i < 20000; i++) {
            const seq = 1 + (i % 30);
            const off = (i * 7919) % 32767;
            const rec = fromHex(`16fefd0000 ${(1000 + i).toString(16).padStart(12, '0')} 000d 0b 008000 ${seq.toString(16).padStart(4, '0')} ${off.toString(16).padStart(6, '0')} 000001 aa`);
            a.handle(net.now, rec);
            maxHeld = Math.max(maxHeld, (a as unknown as { reassembler: { bufferedBytes: number } }).reassembler.bufferedBytes);
          }
        }
        return d;
      },
    });
    a.start(0);
    net.run(() => net.connected() || net.events('a', 'error').length > 0);
    expect(a.counters.fragmentsDropped).toBeGreaterThan(0);
    expect(maxHeld).toBeLessThanOrEqual(64 * 1024);
    expect(maxHeld).toBeGreaterThan(1000);
    expect(net.connected()).toBe(true);
  });

  test('records of a bogus epoch and epoch-0 alerts after the handshake are ignored', async () => {
    const { ec, ec2 } = await certs();
    const { a, b } = pair(ec, ec2);
    const net = new Net(a, b);
    a.start(0);
    net.run(() => net.connected());
    b.handle(net.now, fromHex('15fefd0000000000000099 0002 0228')); // plaintext fatal alert
    b.handle(net.now, fromHex('17fefd0009000000000001 0003 010203'));
    expect(b.state).toBe('finished');
    expect(b.counters.ignoredRecords + b.counters.unknownEpoch).toBeGreaterThanOrEqual(2);
  });

  test('a constructor with a bad key throws a ParseError-named error (configuration, not network input)', () => {
    expect(() => new DtlsEndpoint({ role: 'client', certificate: { certificateDer: new Uint8Array(1), privateKeyPkcs8: new Uint8Array(3) } }, components(1))).toThrow(
      expect.objectContaining({ name: 'ParseError' }),
    );
  });
});
