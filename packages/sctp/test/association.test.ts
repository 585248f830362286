import { ChunkType, type AssociationEvent, decodePacket, encodePacket } from '@purertc/sctp';
import { PERFECT, Sim, drain, makePair } from './sim';

function messages(evs: AssociationEvent[]) {
  return evs.filter((e): e is Extract<AssociationEvent, { type: 'message' }> => e.type === 'message');
}

describe('Association handshake', () => {
  it('connects one side to a passive peer and moves data both ways', () => {
    const [a, b] = makePair();
    const ea: AssociationEvent[] = [];
    const eb: AssociationEvent[] = [];
    const sim = new Sim([a, b], { ...PERFECT, delayMs: 10 }, 1, () => {
      drain(a, ea);
      drain(b, eb);
    });
    a.connect(0);
    expect(sim.runUntil(() => a.state === 'established' && b.state === 'established', 5000)).toBe(true);
    expect(ea.some((e) => e.type === 'connected')).toBe(true);
    expect(eb.some((e) => e.type === 'connected')).toBe(true);
    a.send(1, 53, new TextEncoder().encode('hello'));
    b.send(2, 51, new TextEncoder().encode('world'));
    sim.runUntil(() => messages(ea).length === 1 && messages(eb).length === 1, 5000);
    expect(new TextDecoder().decode(messages(eb)[0]!.data)).toBe('hello');
    expect(messages(eb)[0]!.ppid).toBe(53);
    expect(messages(eb)[0]!.streamId).toBe(1);
    expect(new TextDecoder().decode(messages(ea)[0]!.data)).toBe('world');
  });

  it('survives simultaneous INITs (collision, RFC 9260 §5.2.4)', () => {
    for (const delay of [0, 5, 50]) {
      const [a, b] = makePair({}, {}, delay + 3);
      const sim = new Sim([a, b], { ...PERFECT, delayMs: delay }, 2);
      a.connect(0);
      b.connect(0);
      expect(sim.runUntil(() => a.state === 'established' && b.state === 'established', 5000)).toBe(true);
      const got: AssociationEvent[] = [];
      a.send(0, 53, new Uint8Array([1, 2, 3]));
      const s2 = new Sim([a, b], { ...PERFECT, delayMs: delay }, 3, () => drain(b, got));
      s2.now = sim.now;
      expect(s2.runUntil(() => messages(got).length === 1, sim.now + 5000)).toBe(true);
    }
  });

  it('settles INITs crossing at any offset, with loss of handshake packets', () => {
    for (const offset of [0, 3, 10, 15, 25, 40]) {
      for (const lossSeed of [1, 2, 3]) {
        const [a, b] = makePair({}, {}, offset * 7 + lossSeed);
        const got: AssociationEvent[] = [];
        const sim = new Sim([a, b], { loss: 0.2, duplicate: 0.1, reorder: 0.2, delayMs: 10, jitterMs: 5 }, lossSeed, () => {
          while (a.pollEvent());
          for (let e = b.pollEvent(); e; e = b.pollEvent()) got.push(e);
        });
        a.connect(0);
        let bStarted = false;
        const ok = sim.runUntil(() => {
          if (!bStarted && sim.now >= offset) {
            if (b.state === 'closed') b.connect(sim.now);
            bStarted = true;
          }
          return a.state === 'established' && b.state === 'established';
        }, 60_000);
        expect({ offset, lossSeed, ok }).toEqual({ offset, lossSeed, ok: true });
        a.send(3, 53, new Uint8Array([offset]));
        expect(sim.runUntil(() => messages(got).length === 1, sim.now + 60_000)).toBe(true);
      }
    }
  });

  it('reports unrecognized INIT parameters by their high bits and ignores what follows a stop (RFC 9260 §3.2.1)', () => {
    const [, b] = makePair();
    for (const [type, reported, capsKept] of [
      [0x3333, false, false],
      [0x7333, true, false],
      [0xb333, false, true],
      [0xf333, true, true],
    ] as const) {
      const init = encodePacket({ sourcePort: 5000, destinationPort: 5000, verificationTag: 0 }, [
        {
          type: ChunkType.INIT,
          initiateTag: 7,
          aRwnd: 100_000,
          outboundStreams: 10,
          inboundStreams: 10,
          initialTsn: 1,
          params: [
            { type, value: new Uint8Array([1, 2]) },
            { type: 0xc000, value: new Uint8Array(0) }, // Forward-TSN-Supported, after the unknown one
          ],
        },
      ]);
      b.handle(0, init);
      const ack = decodePacket(b.pollTransmit()!.data)!.chunks[0]!;
      if (ack.type !== ChunkType.INIT_ACK) throw new Error('expected INIT ACK');
      const unrec = ack.params.filter((p) => p.type === 8);
      expect(unrec.length).toBe(reported ? 1 : 0);
      if (reported) expect(Array.from(unrec[0]!.value)).toEqual([type >> 8, type & 0xff, 0, 6, 1, 2]);
      // The cookie carries the peer capabilities; complete the handshake to read them back.
      const echo = encodePacket({ sourcePort: 5000, destinationPort: 5000, verificationTag: ack.initiateTag }, [
        { type: ChunkType.COOKIE_ECHO, cookie: ack.params.find((p) => p.type === 7)!.value },
      ]);
      b.handle(1, echo);
      expect(b.state).toBe('established');
      expect(b.peerCapabilities.forwardTsn).toBe(capsKept);
      b.abort('next', 2);
      while (b.pollTransmit());
      while (b.pollEvent());
    }
  });

  it('retransmits INIT and gives up after Max.Init.Retransmits', () => {
    const [a] = makePair({ maxInitRetransmits: 3 });
    const evs: AssociationEvent[] = [];
    a.connect(0);
    let sent = 0;
    let now = 0;
    for (let i = 0; i < 20 && a.state !== 'closed'; i++) {
      while (a.pollTransmit()) sent++;
      now = a.pollTimeout() ?? now;
      a.handleTimeout(now);
    }
    drain(a, evs);
    expect(sent).toBe(4);
    expect(a.state).toBe('closed');
    expect(evs.find((e) => e.type === 'closed')).toMatchObject({ error: true });
  });

  it('drops packets with a bad checksum or verification tag and counts them', () => {
    const [a, b] = makePair();
    const sim = new Sim([a, b], PERFECT, 1);
    a.connect(0);
    sim.runUntil(() => a.state === 'established' && b.state === 'established');
    const forged = encodePacket({ sourcePort: 5000, destinationPort: 5000, verificationTag: 12345 }, [{ type: ChunkType.ABORT, reflected: false, causes: [] }]);
    b.handle(sim.now, forged);
    expect(b.state).toBe('established');
    expect(b.counters.badVerificationTag).toBe(1);
    const bad = forged.slice();
    bad[12] ^= 0xff;
    b.handle(sim.now, bad);
    expect(b.counters.checksumErrors).toBe(1);
    b.handle(sim.now, new Uint8Array(5));
    expect(b.state).toBe('established');
  });

  it('rejects a forged or stale COOKIE ECHO', () => {
    const [a, b] = makePair({}, { cookieLifetimeMs: 1000 });
    a.connect(0);
    const init = a.pollTransmit()!.data;
    b.handle(0, init);
    const initAck = b.pollTransmit()!.data;
    a.handle(0, initAck);
    const echo = a.pollTransmit()!.data;
    const tampered = echo.slice();
    tampered[30] ^= 1;
    // Re-checksum the tampered packet so only the HMAC can catch it.
    const p = decodePacket(tampered)!;
    const re = encodePacket(p, p.chunks);
    b.handle(10, re);
    expect(b.state).toBe('closed');
    // Stale: deliver the genuine echo after the cookie lifetime.
    b.handle(5000, echo);
    expect(b.state).toBe('closed');
    const err = decodePacket(b.pollTransmit()!.data)!;
    expect(err.chunks[0]!.type).toBe(ChunkType.ERROR);
  });
});

describe('zero checksum (RFC 9653)', () => {
  for (const [za, zb] of [
    [true, true],
    [true, false],
  ] as const) {
    it(`${za && zb ? 'both agree: data packets carry 0' : 'one side only: every packet keeps its CRC32c'}`, () => {
      const [a, b] = makePair({ zeroChecksum: za }, { zeroChecksum: zb });
      const got: AssociationEvent[] = [];
      const checksums: number[] = [];
      const sim = new Sim([a, b], { ...PERFECT, delayMs: 1 }, 1, () => {
        for (let e = b.pollEvent(); e; e = b.pollEvent()) got.push(e);
        while (a.pollEvent());
      });
      sim.filter = (_f, d) => {
        if (decodePacket(d)!.chunks.some((c) => c.type === ChunkType.DATA || c.type === ChunkType.I_DATA || c.type === ChunkType.SACK)) {
          checksums.push(new DataView(d.buffer, d.byteOffset).getUint32(8));
        }
        return true;
      };
      a.connect(0);
      sim.runUntil(() => a.state === 'established' && b.state === 'established');
      for (let i = 0; i < 10; i++) a.send(0, 53, new Uint8Array(500).fill(i));
      expect(sim.runUntil(() => messages(got).length === 10)).toBe(true);
      expect(checksums.length).toBeGreaterThan(2);
      if (za && zb) expect(checksums.every((c) => c === 0)).toBe(true);
      else expect(checksums.every((c) => c !== 0)).toBe(true);
    });
  }
});
