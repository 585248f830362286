import fc from 'fast-check';
import { isErrorNamed, seededRandom } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';
import {
  Association,
  ChunkType,
  type DataChannelEvent,
  DataChannelManager,
  type DataChannelManagerOptions,
  Ppid,
  decodeOpen,
  decodePacket,
  encodeOpen,
} from '@purertc/sctp';
import { PERFECT, Sim } from './sim';

function pair(optsA: Partial<DataChannelManagerOptions> = {}, optsB: Partial<DataChannelManagerOptions> = {}, assoc = {}) {
  const a = new DataChannelManager(new Association({ crypto: nodeCrypto, random: seededRandom(1) }, assoc), { role: 'client', ...optsA });
  const b = new DataChannelManager(new Association({ crypto: nodeCrypto, random: seededRandom(2) }, assoc), { role: 'server', ...optsB });
  const ea: DataChannelEvent[] = [];
  const eb: DataChannelEvent[] = [];
  const sim = new Sim([a, b], { ...PERFECT, delayMs: 10 }, 1, () => {
    for (let e = a.pollEvent(); e; e = a.pollEvent()) ea.push(e);
    for (let e = b.pollEvent(); e; e = b.pollEvent()) eb.push(e);
  });
  a.association.connect(0);
  b.association.connect(0);
  return { a, b, ea, eb, sim };
}

const messages = (evs: DataChannelEvent[], id?: number) =>
  evs.filter((e): e is Extract<DataChannelEvent, { type: 'message' }> => e.type === 'message' && (id === undefined || e.id === id));

describe('DCEP codec (RFC 8832)', () => {
  it('round-trips OPEN with UTF-8 byte lengths', () => {
    const m = { channelType: 0x81, priority: 512, reliability: 3, label: 'héllo ✓ 🙂', protocol: 'proto/ü' };
    const b = encodeOpen(m);
    const dv = new DataView(b.buffer);
    expect(dv.getUint16(8)).toBe(new TextEncoder().encode(m.label).length);
    expect(dv.getUint16(8)).not.toBe(m.label.length);
    expect(decodeOpen(b)).toEqual(m);
  });
  it('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => void decodeOpen(b)), { numRuns: 3000 });
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer({ min: 0, max: 0xffff }), (label, protocol, priority) => {
        const m = { channelType: 0, priority, reliability: 0, label, protocol };
        expect(decodeOpen(encodeOpen(m))).toEqual(m);
      }),
    );
  });
});

describe('DataChannelManager (RFC 8831)', () => {
  it('opens in-band channels with ids by DTLS role and carries their settings', () => {
    const { a, b, ea, eb, sim } = pair();
    const c1 = a.createChannel({ label: 'chat ✓', protocol: 'json', ordered: false, maxRetransmits: 0, priority: 1024 });
    const c2 = a.createChannel({ label: 'timed', maxPacketLifeTime: 150 });
    const c3 = b.createChannel({ label: 'from server' });
    expect([c1.id, c2.id, c3.id]).toEqual([0, 2, 1]);
    expect(sim.runUntil(() => eb.filter((e) => e.type === 'channel').length === 2 && ea.some((e) => e.type === 'channel'))).toBe(true);
    const remote = eb.filter((e) => e.type === 'channel').map((e) => (e as { channel: unknown }).channel);
    expect(remote[0]).toMatchObject({ id: 0, label: 'chat ✓', protocol: 'json', ordered: false, maxRetransmits: 0, maxPacketLifeTime: undefined, priority: 1024, negotiated: false, state: 'open' });
    expect(remote[1]).toMatchObject({ id: 2, label: 'timed', ordered: true, maxRetransmits: undefined, maxPacketLifeTime: 150 });
    expect(ea.find((e) => e.type === 'channel')).toMatchObject({ channel: { id: 1, label: 'from server' } });
    expect(ea.filter((e) => e.type === 'open').map((e) => (e as { id: number }).id).sort()).toEqual([0, 1, 2]);
  });

  it('sends strings, binary and empty messages with the right PPIDs', () => {
    const { a, eb, sim } = pair();
    const ppids: number[] = [];
    sim.filter = (from, d) => {
      for (const c of decodePacket(d)?.chunks ?? []) if (from === 0 && (c.type === ChunkType.DATA || c.type === ChunkType.I_DATA) && c.ppid) ppids.push(c.ppid);
      return true;
    };
    const ch = a.createChannel({ label: 'x' });
    sim.runUntil(() => eb.some((e) => e.type === 'open'));
    a.send(ch.id, 'héllo');
    a.send(ch.id, new Uint8Array([1, 2, 3]));
    a.send(ch.id, '');
    a.send(ch.id, new Uint8Array(0));
    expect(sim.runUntil(() => messages(eb).length === 4)).toBe(true);
    const got = messages(eb).map((m) => [m.binary, Array.from(m.data)]);
    expect(got).toEqual([
      [false, Array.from(new TextEncoder().encode('héllo'))],
      [true, [1, 2, 3]],
      [false, []],
      [true, []],
    ]);
    expect(ppids).toEqual([Ppid.DCEP, Ppid.STRING, Ppid.BINARY, Ppid.STRING_EMPTY, Ppid.BINARY_EMPTY]);
  });

  it('keeps the unordered bit: ordered before the ACK, unordered after', () => {
    const { a, b, eb, sim } = pair();
    const flags: boolean[] = [];
    sim.filter = (from, d) => {
      for (const c of decodePacket(d)?.chunks ?? [])
        if (from === 0 && (c.type === ChunkType.DATA || c.type === ChunkType.I_DATA) && c.ppid === Ppid.BINARY) flags.push((c.flags & 4) !== 0);
      return true;
    };
    sim.runUntil(() => a.association.state === 'established' && b.association.state === 'established');
    const ch = a.createChannel({ ordered: false });
    a.send(ch.id, new Uint8Array([1])); // before the ACK
    sim.runUntil(() => a.channel(ch.id)!.acked);
    a.send(ch.id, new Uint8Array([2]));
    sim.runUntil(() => messages(eb).length === 2);
    expect(flags).toEqual([false, true]);
    expect(eb.find((e) => e.type === 'channel')).toMatchObject({ channel: { ordered: false } });
  });

  it('negotiated channels skip DCEP', () => {
    const { a, b, ea, eb, sim } = pair();
    let dcep = 0;
    sim.filter = (_f, d) => {
      for (const c of decodePacket(d)?.chunks ?? []) if ((c.type === ChunkType.DATA || c.type === ChunkType.I_DATA) && c.ppid === Ppid.DCEP) dcep++;
      return true;
    };
    a.createChannel({ negotiated: true, id: 7, label: 'n' });
    b.createChannel({ negotiated: true, id: 7, label: 'n' });
    expect(() => a.createChannel({ negotiated: true })).toThrow();
    sim.runUntil(() => ea.some((e) => e.type === 'open') && eb.some((e) => e.type === 'open'));
    a.send(7, 'ping');
    b.send(7, 'pong');
    expect(sim.runUntil(() => messages(ea).length === 1 && messages(eb).length === 1)).toBe(true);
    expect(dcep).toBe(0);
    expect(eb.some((e) => e.type === 'channel')).toBe(false);
  });

  it('closes one channel by stream reset while another keeps running; the id can be reused', () => {
    const { a, b, ea, eb, sim } = pair();
    const c0 = a.createChannel({ label: 'a' });
    const c2 = a.createChannel({ label: 'b' });
    sim.runUntil(() => eb.filter((e) => e.type === 'open').length === 2);
    for (let i = 0; i < 20; i++) {
      a.send(c0.id, `m${i}`);
      a.send(c2.id, `n${i}`);
    }
    a.close(c0.id);
    expect(() => a.send(c0.id, 'late')).toThrow();
    for (let i = 20; i < 40; i++) a.send(c2.id, `n${i}`);
    expect(sim.runUntil(() => ea.some((e) => e.type === 'closed') && eb.some((e) => e.type === 'closed') && messages(eb, c2.id).length === 40)).toBe(true);
    expect(messages(eb, c0.id).length).toBe(20); // everything queued before close was delivered
    expect(eb.findIndex((e) => e.type === 'closed')).toBeGreaterThan(eb.lastIndexOf(messages(eb, c0.id)[19]!));
    expect(a.channel(c0.id)).toBeUndefined();
    expect(b.channel(c0.id)).toBeUndefined();
    expect(b.channel(c2.id)?.state).toBe('open');
    // Reuse id 0 for a new channel.
    const again = a.createChannel({ label: 'again' });
    expect(again.id).toBe(0);
    sim.runUntil(() => eb.filter((e) => e.type === 'channel').length === 3);
    a.send(0, 'fresh');
    expect(sim.runUntil(() => messages(eb, 0).length === 21)).toBe(true);
    expect(new TextDecoder().decode(messages(eb, 0)[20]!.data)).toBe('fresh');
  });

  it('the peer closing a channel closes ours too', () => {
    const { a, b, ea, eb, sim } = pair();
    const ch = a.createChannel();
    sim.runUntil(() => eb.some((e) => e.type === 'open'));
    b.close(ch.id);
    expect(sim.runUntil(() => ea.some((e) => e.type === 'closed') && eb.some((e) => e.type === 'closed'))).toBe(true);
    expect(ea.filter((e) => e.type === 'closing' || e.type === 'closed').map((e) => e.type)).toEqual(['closing', 'closed']);
  });

  it('enforces max-message-size both ways (RFC 8841)', () => {
    const { a, b, eb, sim } = pair({ remoteMaxMessageSize: 1000 }, { localMaxMessageSize: 2000 });
    const ch = a.createChannel();
    sim.runUntil(() => eb.some((e) => e.type === 'open'));
    let err: unknown;
    try {
      a.send(ch.id, new Uint8Array(1001));
    } catch (e) {
      err = e;
    }
    expect(isErrorNamed(err, 'MessageTooLargeError')).toBe(true);
    a.send(ch.id, new Uint8Array(1000));
    a.remoteMaxMessageSize = 0; // unlimited on our side: now the receiver's limit applies
    a.send(ch.id, new Uint8Array(5000));
    a.send(ch.id, new Uint8Array(10));
    sim.runUntil(() => messages(eb).length === 2);
    sim.runUntil(() => false, sim.now + 500);
    expect(messages(eb).map((m) => m.data.length)).toEqual([1000, 10]);
    expect(b.channel(ch.id)!.oversizeDrops).toBe(1);
  });

  it('reassembles the deprecated partial PPIDs on receive', () => {
    const { a, b, eb, sim } = pair();
    const ch = a.createChannel();
    sim.runUntil(() => eb.some((e) => e.type === 'open'));
    a.association.send(ch.id, Ppid.STRING_PARTIAL, new TextEncoder().encode('hel'));
    a.association.send(ch.id, Ppid.STRING_PARTIAL, new TextEncoder().encode('lo '));
    a.association.send(ch.id, Ppid.STRING, new TextEncoder().encode('world'));
    sim.runUntil(() => messages(eb).length === 1);
    expect(new TextDecoder().decode(messages(eb)[0]!.data)).toBe('hello world');
    expect(messages(eb)[0]!.binary).toBe(false);
    expect(b.dcepErrors).toBe(0);
  });

  it('reports bufferedAmount exactly and fires buffered-amount-low once it drains', () => {
    const { a, ea, eb, sim } = pair();
    const ch = a.createChannel();
    sim.runUntil(() => eb.some((e) => e.type === 'open'));
    a.setBufferedAmountLowThreshold(ch.id, 10_000);
    for (let i = 0; i < 100; i++) a.send(ch.id, new Uint8Array(1000));
    expect(a.bufferedAmount(ch.id)).toBe(100_000);
    expect(sim.runUntil(() => ea.some((e) => e.type === 'buffered-amount-low'))).toBe(true);
    expect(a.bufferedAmount(ch.id)).toBeLessThanOrEqual(10_000);
    expect(ea.filter((e) => e.type === 'buffered-amount-low')).toEqual([{ type: 'buffered-amount-low', id: ch.id }]);
    sim.runUntil(() => messages(eb).length === 100);
    expect(a.bufferedAmount(ch.id)).toBe(0);
  });

  it('closes every channel when the association aborts', () => {
    const { a, b, ea, eb, sim } = pair();
    a.createChannel();
    a.createChannel();
    sim.runUntil(() => eb.filter((e) => e.type === 'open').length === 2);
    b.association.abort('bye');
    sim.runUntil(() => ea.filter((e) => e.type === 'closed').length === 2);
    expect(ea.some((e) => e.type === 'association' && e.event.type === 'closed')).toBe(true);
    expect(a.openChannels).toEqual([]);
  });
});

describe('priority (RFC 8831 §6.4)', () => {
  it('saturated channels share the link in proportion to their priority', () => {
    const { a, eb, sim } = pair();
    const hi = a.createChannel({ label: 'hi', priority: 1024 });
    const lo = a.createChannel({ label: 'lo', priority: 256 });
    sim.runUntil(() => eb.filter((e) => e.type === 'open').length === 2);
    for (let i = 0; i < 400; i++) {
      a.send(hi.id, new Uint8Array(1000));
      a.send(lo.id, new Uint8Array(1000));
    }
    sim.runUntil(() => messages(eb).length >= 250);
    const nHi = messages(eb, hi.id).length;
    const nLo = messages(eb, lo.id).length;
    expect(nHi / nLo).toBeGreaterThan(3);
    expect(nHi / nLo).toBeLessThan(5);
  });
});
