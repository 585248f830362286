/**
 * PLPMTUD (RFC 8899 §6.2.1, pmtu-probe.ts): a HEARTBEAT + PAD probe raises
 * the packet size only once the peer acknowledges it; an unanswered probe
 * (a path that drops large packets) leaves the size alone after MAX_PROBES.
 */
import { ChunkType, DataFlags, decodePacket, encodePacket, MAX_PROBES, PAD_CHUNK_TYPE, type AssociationEvent } from '@purertc/sctp';
import { PERFECT, Sim, drain, makePair } from './sim';

function messages(evs: AssociationEvent[]) {
  return evs.filter((e): e is Extract<AssociationEvent, { type: 'message' }> => e.type === 'message');
}

function established(linkMtu: number, seed = 1) {
  const [a, b] = makePair();
  const eb: AssociationEvent[] = [];
  const sizes: number[] = [];
  const sim = new Sim([a, b], { ...PERFECT, delayMs: 5 }, seed, () => {
    drain(a, []);
    drain(b, eb);
  });
  // The "path": drops every packet above linkMtu, records what a sends.
  sim.filter = (from, data) => {
    if (from === 0) sizes.push(data.length);
    return data.length <= linkMtu;
  };
  a.connect(0);
  expect(sim.runUntil(() => a.state === 'established' && b.state === 'established', 5000)).toBe(true);
  return { a, b, sim, eb, sizes };
}

describe('path MTU probing (RFC 8899)', () => {
  it('raises the packet size once the peer acknowledges a probe, and data then uses it', () => {
    const { a, b, sim, eb, sizes } = established(65535);
    expect(a.pathMtu).toBe(1200);
    a.probePathMtu(8000);
    sim.runUntil(() => a.pathMtu === 8000, sim.now + 5000);
    expect(a.pathMtu).toBe(8000);
    // The probe was one packet of exactly the size, carrying HEARTBEAT + PAD.
    expect(sizes).toContain(8000);
    expect(b.counters.unknownChunks).toBe(0); // PAD is skipped silently
    sizes.length = 0;
    const payload = new Uint8Array(64 * 1024).map((_, i) => i * 7);
    a.send(0, 53, payload);
    sim.runUntil(() => messages(eb).length === 1, sim.now + 5000);
    expect(messages(eb)[0]!.data).toEqual(payload);
    expect(Math.max(...sizes)).toBeGreaterThan(1200);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(8000);
    // Fewer, larger packets: 64 KiB in at most 9 DATA packets of ≤ 8000 bytes (plus SACK-only ones).
    expect(sizes.filter((n) => n > 1200).length).toBeLessThanOrEqual(9);
  });

  it('a lone packet larger than cwnd asks for an immediate SACK (I bit), so the delayed-ack timer never stalls the transfer', () => {
    const { a, b, sim, eb } = established(65535);
    a.probePathMtu(16384);
    sim.runUntil(() => a.pathMtu === 16384, sim.now + 5000);
    // Idle for several RTOs: cwnd falls back to its floor, below one 16 KiB packet.
    sim.runUntil(() => false, sim.now + 5000);
    // Record the DATA flags a sends and when b answers.
    const flags: number[] = [];
    const prev = sim.filter;
    sim.filter = (from, data) => {
      const pkt = decodePacket(data);
      if (from === 0 && pkt) for (const c of pkt.chunks) if (c.type === ChunkType.DATA || c.type === ChunkType.I_DATA) flags.push((c as { flags: number }).flags);
      return prev ? prev(from, data) : true;
    };
    const payload = new Uint8Array(256 * 1024).map((_, i) => i * 13);
    const t0 = sim.now;
    a.send(0, 53, payload);
    expect(sim.runUntil(() => messages(eb).length === 1, sim.now + 5000)).toBe(true);
    expect(messages(eb)[0]!.data).toEqual(payload);
    // The first packet went alone with the I bit; b acknowledged it at once, so 256 KiB over a
    // 5 ms link takes a few round trips of slow start, far from one 200 ms delayed-ack wait.
    expect(flags[0]! & DataFlags.IMMEDIATE).toBe(DataFlags.IMMEDIATE);
    expect(a.counters.immediateAcksRequested).toBeGreaterThanOrEqual(1);
    expect(sim.now - t0).toBeLessThan(150);
    // Steady state is not asked to acknowledge every packet: most DATA goes without the I bit.
    expect(flags.filter((f) => f & DataFlags.IMMEDIATE).length).toBeLessThan(flags.length / 4);
    expect(b.counters.unknownChunks).toBe(0);
  });

  it('a transfer started while the probe is out (small packets still in flight) does not stall on a delayed SACK either', () => {
    const { a, sim, eb } = established(65535);
    sim.runUntil(() => false, sim.now + 5000); // idle: cwnd at its floor
    a.probePathMtu(16384);
    const payload = new Uint8Array(256 * 1024).map((_, i) => i * 7);
    const t0 = sim.now;
    a.send(0, 53, payload);
    expect(sim.runUntil(() => messages(eb).length === 1, sim.now + 5000)).toBe(true);
    expect(messages(eb)[0]!.data).toEqual(payload);
    expect(a.pathMtu).toBe(16384);
    expect(sim.now - t0).toBeLessThan(150); // a few 10 ms round trips, no 200 ms delayed-ack wait
  });

  it('limitPacketSize caps the current size, the base size and later probes', () => {
    const { a, sim, eb, sizes } = established(65535);
    a.probePathMtu(8000);
    sim.runUntil(() => a.pathMtu === 8000, sim.now + 5000);
    a.limitPacketSize(3000);
    expect(a.pathMtu).toBe(3000);
    a.probePathMtu(16384); // capped at 3000, which is not above the current size: no probe
    expect(a.pollTransmit()).toBeUndefined();
    a.resetPathMtu(); // the base is capped too, but 1200 is already below
    expect(a.pathMtu).toBe(1200);
    a.limitPacketSize(1000);
    a.resetPathMtu();
    expect(a.pathMtu).toBe(1000);
    a.limitPacketSize(5000); // never raises
    expect(a.pathMtu).toBe(1000);
    sizes.length = 0;
    const payload = new Uint8Array(20_000).map((_, i) => i);
    a.send(0, 53, payload);
    sim.runUntil(() => messages(eb).length === 1, sim.now + 5000);
    expect(messages(eb)[0]!.data).toEqual(payload);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1000);
  });

  it('keeps the size when the path drops the probe, after MAX_PROBES tries', () => {
    const { a, sim, eb, sizes } = established(1500);
    a.probePathMtu(4000);
    sim.runUntil(() => false, sim.now + 10_000);
    expect(a.pathMtu).toBe(1200);
    expect(sizes.filter((n) => n === 4000).length).toBe(MAX_PROBES);
    // The association is unharmed: data still flows in 1200-byte packets.
    sizes.length = 0;
    a.send(0, 53, new Uint8Array(10_000).fill(3));
    sim.runUntil(() => messages(eb).length === 1, sim.now + 5000);
    expect(messages(eb)[0]!.data.length).toBe(10_000);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1200);
    expect(sim.dropped).toBe(MAX_PROBES);
  });

  it('builds a well-formed probe and ignores sizes not above the current one; resetPathMtu returns to the base', () => {
    const { a, sim } = established(65535);
    a.probePathMtu(1000); // not larger: no probe
    expect(a.pollTransmit()).toBeUndefined();
    a.probePathMtu(2002); // rounded down to a multiple of 4
    const t = a.pollTransmit()!;
    expect(t.data.length).toBe(2000);
    const pkt = decodePacket(t.data)!;
    expect(pkt).toBeDefined();
    expect(pkt.chunks[0]!.type).toBe(ChunkType.HEARTBEAT);
    expect(pkt.chunks[1]).toMatchObject({ type: 'unknown', chunkType: PAD_CHUNK_TYPE });
    // Deliver it by hand so the sim sees the acknowledgement.
    sim.ends[1].handle(sim.now, t.data);
    sim.runUntil(() => a.pathMtu === 2000, sim.now + 1000);
    expect(a.pathMtu).toBe(2000);
    a.resetPathMtu();
    expect(a.pathMtu).toBe(1200);
  });

  it('a HEARTBEAT ACK with another nonce does not raise the size; the right one does', () => {
    const { a, sim } = established(65535);
    a.probePathMtu(3000);
    const probe = decodePacket(a.pollTransmit()!.data)!;
    const hb = probe.chunks[0] as { type: number; info: Uint8Array };
    expect(hb.type).toBe(ChunkType.HEARTBEAT);
    const header = { sourcePort: probe.destinationPort, destinationPort: probe.sourcePort, verificationTag: (a as unknown as { localTag: number }).localTag };
    const wrong = hb.info.slice();
    wrong[11] ^= 0xff;
    a.handle(sim.now, encodePacket(header, [{ type: ChunkType.HEARTBEAT_ACK, info: wrong }]));
    expect(a.pathMtu).toBe(1200);
    a.handle(sim.now, encodePacket(header, [{ type: ChunkType.HEARTBEAT_ACK, info: hb.info.slice() }]));
    expect(a.pathMtu).toBe(3000);
  });

  it("'heartbeat' padding: the probe is two HEARTBEATs (the second's info fills the packet); the small one's ACK confirms it", () => {
    const { a, b, sim } = established(65535);
    a.probePathMtu(2048, 'heartbeat');
    const t = a.pollTransmit()!;
    expect(t.data.length).toBe(2048);
    const pkt = decodePacket(t.data)!;
    expect(pkt.chunks.map((c) => c.type)).toEqual([ChunkType.HEARTBEAT, ChunkType.HEARTBEAT]);
    const [probe, filler] = pkt.chunks as unknown as { info: Uint8Array }[];
    expect(probe!.info.length).toBe(12);
    expect(filler!.info.length).toBe(2048 - 12 - 4 - 4 - 12 - 4 - 4);
    expect(filler!.info.every((x) => x === 0)).toBe(true);
    sim.ends[1].handle(sim.now, t.data);
    sim.runUntil(() => a.pathMtu === 2048, sim.now + 1000);
    expect(a.pathMtu).toBe(2048);
    expect(b.counters.unknownChunks).toBe(0);
    // The filler's ACK, as large as the probe, arriving later changes nothing and is not an RTT sample.
    const header = { sourcePort: pkt.destinationPort, destinationPort: pkt.sourcePort, verificationTag: (a as unknown as { localTag: number }).localTag };
    const rto = a.currentRto;
    a.handle(sim.now, encodePacket(header, [{ type: ChunkType.HEARTBEAT_ACK, info: filler!.info.slice() }]));
    expect(a.pathMtu).toBe(2048);
    expect(a.currentRto).toBe(rto);
    expect(a.state).toBe('established');
  });
});
