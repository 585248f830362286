/**
 * Two PeerTransports over real UDP on 127.0.0.1, each driven by its own
 * PeerTransportDriver (node:dgram sockets, the system clock, one timer):
 * ICE → DTLS → SCTP, a data channel echoing 1000 messages, and a clean close
 * that leaves no socket or timer behind.
 */
import { generateDtlsCertificate, type DtlsCertificate } from '@purertc/dtls';
import { PeerTransportDriver, type PeerTransportEvent, type TransportChannel } from '@purertc/peerconnection/transport/node';

let certA: DtlsCertificate;
let certB: DtlsCertificate;

beforeAll(async () => {
  const gen = () => generateDtlsCertificate({ name: 'ECDSA', namedCurve: 'P-256' }, { crypto: globalThis.crypto as Crypto, now: Date.now() });
  [certA, certB] = await Promise.all([gen(), gen()]);
});

/** Resolves when `pred` holds, checking after every event of the driver; rejects after `ms`. */
function until(d: PeerTransportDriver, pred: () => boolean, ms: number, what: string): Promise<void> {
  if (pred()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const prev = d.onEvent;
    const timer = setTimeout(() => {
      d.onEvent = prev;
      reject(new Error(`timeout waiting for ${what}: ice ${d.transport.iceState}, dtls ${d.transport.dtlsState}, sctp ${d.transport.sctpState}`));
    }, ms);
    d.onEvent = (e, drv) => {
      prev?.(e, drv);
      if (pred()) {
        clearTimeout(timer);
        d.onEvent = prev;
        resolve();
      }
    };
  });
}

/** UDP sockets the runtime itself still holds (Node's own accounting, not ours). */
const udpHandles = () => process.getActiveResourcesInfo().filter((r) => r === 'UDPWrap').length;

describe('Node to Node over loopback UDP (PeerTransportDriver)', () => {
  it('connects, echoes 1000 messages in order and closes without leaving handles', async () => {
    const before = PeerTransportDriver.activeHandles;
    const udpBefore = udpHandles();
    const common = { includeLoopback: true, ipv6: false, addresses: ['127.0.0.1'], dtls: { initialRetransmitMs: 50 } };
    const a = await PeerTransportDriver.create({ ...common, certificate: certA, controlling: true });
    const b = await PeerTransportDriver.create({ ...common, certificate: certB, controlling: false });
    expect(a.sockets).toHaveLength(1);
    expect(a.sockets[0]!.local.address).toBe('127.0.0.1');
    try {
      const logA: PeerTransportEvent[] = [];
      const logB: PeerTransportEvent[] = [];
      const echoed: string[] = [];
      let remote: TransportChannel | undefined;
      // Trickle both ways; B echoes every message on the channel it was given.
      a.onEvent = (e) => {
        logA.push(e);
        if (e.type === 'ice-candidate') b.act((t, now) => t.addRemoteCandidate(now, e.candidate));
        else if (e.type === 'ice-end-of-candidates') b.act((t, now) => t.addRemoteEndOfCandidates(now));
        else if (e.type === 'channel-message') echoed.push(new TextDecoder().decode(e.data));
      };
      b.onEvent = (e) => {
        logB.push(e);
        if (e.type === 'ice-candidate') a.act((t, now) => t.addRemoteCandidate(now, e.candidate));
        else if (e.type === 'ice-end-of-candidates') a.act((t, now) => t.addRemoteEndOfCandidates(now));
        else if (e.type === 'datachannel') remote = e.channel;
        else if (e.type === 'channel-message') {
          b.transport.sendData(b.now(), e.channel, e.binary ? e.data : new TextDecoder().decode(e.data));
          b.scheduleFlush();
        }
      };
      const ai = a.transport.localIceParameters;
      const bi = b.transport.localIceParameters;
      const start = performance.now();
      b.act((t, now) => t.setRemoteParameters(now, { iceUfrag: ai.usernameFragment, icePwd: ai.password, fingerprints: [a.transport.localFingerprint], dtlsRole: 'client' }));
      a.act((t, now) => t.setRemoteParameters(now, { iceUfrag: bi.usernameFragment, icePwd: bi.password, fingerprints: [b.transport.localFingerprint], dtlsRole: 'server' }));
      const ch = a.act((t, now) => t.createDataChannel(now, { label: 'echo' }));
      a.act((t, now) => t.startGathering(now));
      b.act((t, now) => t.startGathering(now));
      await until(a, () => ch.state === 'open', 10_000, 'channel open');
      const openMs = performance.now() - start;
      expect(openMs).toBeLessThan(5_000);
      expect(logA.filter((e) => e.type === 'connection-state').map((e) => (e as { state: string }).state)).toEqual(['connecting', 'connected']);
      await until(b, () => remote?.state === 'open', 5_000, 'remote channel');
      expect(remote!.label).toBe('echo');

      // 1000 messages of mixed sizes, echoed intact and in order.
      const N = 1000;
      const sent: string[] = [];
      for (let i = 0; i < N; i++) {
        const m = `${i}:${'x'.repeat((i * 131) % 4000)}`;
        sent.push(m);
        a.transport.sendData(a.now(), ch, m);
        if (i % 50 === 49) a.flush();
      }
      a.flush();
      await until(a, () => echoed.length === N, 20_000, `echoes (${echoed.length})`);
      expect(echoed).toEqual(sent);
      expect(a.transport.bufferedAmount(ch)).toBe(0);

      // Close A: B hears close_notify; both release everything.
      await a.close();
      expect(a.transport.connectionState).toBe('closed');
      expect(a.openHandles).toBe(0);
      await until(b, () => b.transport.dtlsState === 'closed', 5_000, 'close_notify at B');
      expect(b.transport.sctpState).toBe('closed');
      expect(remote!.state).toBe('closed');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    expect(a.openHandles).toBe(0);
    expect(b.openHandles).toBe(0);
    expect(PeerTransportDriver.activeHandles).toBe(before);
    // libuv frees a closed handle in a later loop iteration: turn the loop (no timers) until it has.
    for (let i = 0; i < 100 && udpHandles() > udpBefore; i++) await new Promise((r) => setImmediate(r));
    expect(udpHandles()).toBe(udpBefore);
  });
  for (const variant of [
    { trickle: false, offererDtls: 'server' as const },
    { trickle: true, offererDtls: 'client' as const },
  ]) {
    it(`connects ${variant.trickle ? 'with trickle' : 'without trickle (candidates after gathering)'}, offerer as DTLS ${variant.offererDtls}`, async () => {
      const before = PeerTransportDriver.activeHandles;
      const common = { includeLoopback: true, ipv6: false, addresses: ['127.0.0.1'], dtls: { initialRetransmitMs: 50 } };
      const a = await PeerTransportDriver.create({ ...common, certificate: certA, controlling: true });
      const b = await PeerTransportDriver.create({ ...common, certificate: certB, controlling: false });
      try {
        const got: string[] = [];
        let remote: TransportChannel | undefined;
        const relay = (from: PeerTransportDriver, to: PeerTransportDriver) => (e: PeerTransportEvent) => {
          if (e.type === 'datachannel') remote = e.channel;
          if (e.type === 'channel-message') got.push(new TextDecoder().decode(e.data));
          if (!variant.trickle) {
            // Non-trickle: the whole candidate list goes with the description once gathering completes.
            if (e.type === 'gathering-state' && e.state === 'complete') {
              to.act((t, now) => {
                for (const c of from.transport.ice.getLocalCandidates()) t.addRemoteCandidate(now, c);
                t.addRemoteEndOfCandidates(now);
              });
            }
          } else if (e.type === 'ice-candidate') to.act((t, now) => t.addRemoteCandidate(now, e.candidate));
        };
        a.onEvent = relay(a, b);
        b.onEvent = relay(b, a);
        const ai = a.transport.localIceParameters;
        const bi = b.transport.localIceParameters;
        const answererDtls = variant.offererDtls === 'server' ? 'client' : 'server';
        b.act((t, now) => t.setRemoteParameters(now, { iceUfrag: ai.usernameFragment, icePwd: ai.password, fingerprints: [a.transport.localFingerprint], dtlsRole: answererDtls }));
        a.act((t, now) => t.setRemoteParameters(now, { iceUfrag: bi.usernameFragment, icePwd: bi.password, fingerprints: [b.transport.localFingerprint], dtlsRole: variant.offererDtls }));
        const ch = a.act((t, now) => t.createDataChannel(now, { label: 'v' }));
        a.act((t, now) => t.startGathering(now));
        b.act((t, now) => t.startGathering(now));
        await until(a, () => ch.state === 'open', 10_000, 'channel open');
        expect(a.transport.role).toBe(variant.offererDtls);
        expect(ch.id! % 2).toBe(variant.offererDtls === 'client' ? 0 : 1);
        for (let i = 0; i < 100; i++) a.transport.sendData(a.now(), ch, `v${i}`);
        a.flush();
        await until(b, () => got.length === 100, 10_000, 'messages');
        expect(got).toEqual(Array.from({ length: 100 }, (_, i) => `v${i}`));
        expect(remote!.label).toBe('v');
        // B closes this time.
        await b.close();
        await until(a, () => a.transport.dtlsState === 'closed', 5_000, 'close_notify at A');
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
      expect(PeerTransportDriver.activeHandles).toBe(before);
    });
  }
});
