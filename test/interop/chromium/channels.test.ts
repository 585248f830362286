/**
 * DataChannel flavours between purertc and headless Chromium over loopback:
 * unordered and partially reliable channels (maxRetransmits,
 * maxPacketLifeTime) opened from each side, with the parameters carried by
 * DCEP (RFC 8832 §5.1) and seen on the other side; negotiated channels (both
 * sides `negotiated: true, id: N`, RFC 8831 §6.5: no DCEP, no `datachannel`
 * event); and closing: `channel.close()` and `pc.close()` from either side,
 * with the events each side must see (webrtc-pc §6.2.4 / §4.4.1.5).
 */
import { RTCPeerConnection, type RTCDataChannel } from '@purertc/peerconnection';
import { launchChromium, type ChromiumHarness, type ChromiumPeer } from './harness.js';
import { chromiumOffers, event, LOOPBACK, nodeOffers, poll, until } from './peers.js';

let browser: ChromiumHarness;

beforeAll(async () => {
  browser = await launchChromium({ timeoutMs: 20_000 });
  // Page side: every channel (announced or local) is recorded by label with its events and messages.
  await browser.eval(() => {
    const w = globalThis as any;
    w.__ch = {
      byLabel: new Map<string, { ch: RTCDataChannel; events: string[]; messages: unknown[] }>(),
      watch(ch: RTCDataChannel, echo: boolean) {
        const rec = { ch, events: [] as string[], messages: [] as unknown[] };
        w.__ch.byLabel.set(ch.label, rec);
        ch.binaryType = 'arraybuffer';
        for (const type of ['open', 'closing', 'close', 'error']) ch.addEventListener(type, () => rec.events.push(type));
        ch.onmessage = (e) => {
          rec.messages.push(typeof e.data === 'string' ? e.data : Array.from(new Uint8Array(e.data as ArrayBuffer)));
          if (echo) ch.send(e.data);
        };
        return rec;
      },
      info(label: string) {
        const r = w.__ch.byLabel.get(label);
        if (!r) return null;
        const c = r.ch as RTCDataChannel;
        return {
          readyState: c.readyState,
          ordered: c.ordered,
          maxRetransmits: c.maxRetransmits,
          maxPacketLifeTime: c.maxPacketLifeTime,
          negotiated: c.negotiated,
          id: c.id,
          protocol: c.protocol,
          events: [...r.events],
          messages: [...r.messages],
        };
      },
    };
  });
});
afterAll(async () => {
  await browser?.close();
});

type PageChannel = {
  readyState: string;
  ordered: boolean;
  maxRetransmits: number | null;
  maxPacketLifeTime: number | null;
  negotiated: boolean;
  id: number | null;
  protocol: string;
  events: string[];
  messages: unknown[];
};

/** What the page knows of its channel `label`. */
const pageChannel = (peer: ChromiumPeer, label: string) => peer.eval((_p, l) => (globalThis as any).__ch.info(l) as PageChannel | null, label);

/** Every channel Chromium is told about (`datachannel`) is watched; `echo` makes it send back what it gets. */
async function watchAnnounced(peer: ChromiumPeer, echo: boolean): Promise<void> {
  await peer.eval((p, e) => {
    p.ondatachannel = (ev) => (globalThis as any).__ch.watch(ev.channel, e);
  }, echo);
}

/** Records the channels purertc is told about, by label. */
function announced(pc: RTCPeerConnection): Map<string, RTCDataChannel> {
  const m = new Map<string, RTCDataChannel>();
  pc.addEventListener('datachannel', (e) => {
    const c = (e as RTCDataChannelEvent).channel as unknown as RTCDataChannel;
    m.set(c.label, c);
  });
  return m;
}

/** The unordered and partially reliable flavours, by label. */
const FLAVOURS: Record<string, RTCDataChannelInit> = {
  unordered: { ordered: false },
  'max-retransmits-0': { ordered: false, maxRetransmits: 0 },
  'max-retransmits-3': { maxRetransmits: 3 },
  'max-packet-life-time': { ordered: false, maxPacketLifeTime: 150 },
};

describe('unordered and partially reliable channels', () => {
  it('opened by purertc (purertc offers): Chromium sees the parameters, echoes 50 messages on each', async () => {
    const pc = new RTCPeerConnection({}, LOOPBACK);
    const peer = await browser.newPeer();
    try {
      await watchAnnounced(peer, true);
      const chans = Object.entries(FLAVOURS).map(([label, init]) => pc.createDataChannel(label, { ...init, protocol: `p-${label}` }));
      await nodeOffers(pc, peer);
      for (const ch of chans) if (ch.readyState !== 'open') await event(ch, 'open');
      const got = new Map(chans.map((ch) => [ch.label, [] as string[]]));
      for (const ch of chans) {
        ch.onmessage = (e) => got.get(ch.label)!.push(e.data as string);
        for (let i = 0; i < 50; i++) ch.send(`${ch.label}-${i}`);
      }
      // Loopback drops nothing at this rate: every message comes back (order not promised on unordered ones).
      await until(() => [...got.values()].every((v) => v.length === 50), 10_000, 'echoes on every channel');
      for (const ch of chans) {
        const init = FLAVOURS[ch.label]!;
        expect(ch.ordered).toBe(init.ordered ?? true);
        expect(ch.maxRetransmits).toBe(init.maxRetransmits ?? null);
        expect(ch.maxPacketLifeTime).toBe(init.maxPacketLifeTime ?? null);
        const theirs = (await pageChannel(peer, ch.label))!;
        expect(theirs).toMatchObject({
          readyState: 'open',
          ordered: init.ordered ?? true,
          maxRetransmits: init.maxRetransmits ?? null,
          maxPacketLifeTime: init.maxPacketLifeTime ?? null,
          negotiated: false,
          id: ch.id,
          protocol: `p-${ch.label}`,
        });
        expect(new Set(got.get(ch.label))).toEqual(new Set(Array.from({ length: 50 }, (_, i) => `${ch.label}-${i}`)));
        if (init.ordered !== false) expect(got.get(ch.label)).toEqual(Array.from({ length: 50 }, (_, i) => `${ch.label}-${i}`));
      }
    } finally {
      pc.close();
      await peer.close();
    }
  }, 30_000);

  it('opened by Chromium (Chromium offers): purertc sees the parameters and gets 50 messages on each', async () => {
    const pc = new RTCPeerConnection({}, LOOPBACK);
    const peer = await browser.newPeer();
    const ours = announced(pc);
    try {
      await peer.eval((p, flavours) => {
        for (const [label, init] of Object.entries(flavours as Record<string, RTCDataChannelInit>)) {
          const rec = (globalThis as any).__ch.watch(p.createDataChannel(label, { ...init, protocol: `p-${label}` }), false);
          rec.ch.addEventListener('open', () => {
            for (let i = 0; i < 50; i++) rec.ch.send(`${label}-${i}`);
          });
        }
      }, FLAVOURS);
      const got = new Map<string, string[]>();
      pc.addEventListener('datachannel', (e) => {
        const c = (e as RTCDataChannelEvent).channel as unknown as RTCDataChannel;
        got.set(c.label, []);
        c.onmessage = (m) => got.get(c.label)!.push(m.data as string);
      });
      await chromiumOffers(pc, peer);
      await until(() => got.size === 4 && [...got.values()].every((v) => v.length === 50), 10_000, 'messages on every channel');
      for (const [label, init] of Object.entries(FLAVOURS)) {
        const ch = ours.get(label)!;
        expect(ch.readyState).toBe('open');
        expect(ch.ordered).toBe(init.ordered ?? true);
        expect(ch.maxRetransmits).toBe(init.maxRetransmits ?? null);
        expect(ch.maxPacketLifeTime).toBe(init.maxPacketLifeTime ?? null);
        expect(ch.protocol).toBe(`p-${label}`);
        expect(ch.negotiated).toBe(false);
        expect(ch.id).toBe((await pageChannel(peer, label))!.id);
        const expected = Array.from({ length: 50 }, (_, i) => `${label}-${i}`);
        expect(new Set(got.get(label))).toEqual(new Set(expected));
        if (init.ordered !== false) expect(got.get(label)).toEqual(expected);
      }
    } finally {
      pc.close();
      await peer.close();
    }
  }, 30_000);
});

describe('negotiated channels', () => {
  it.each(['purertc', 'chromium'] as const)('%s offers: both sides create {negotiated: true, id} channels; they talk, no datachannel event', async (offerer) => {
    const pc = new RTCPeerConnection({}, LOOPBACK);
    const peer = await browser.newPeer();
    const ours = announced(pc);
    try {
      await watchAnnounced(peer, false);
      // Two negotiated channels (an even and an odd id, so the id does not depend on the DTLS role) and an ordinary one to carry the offer's m=application.
      const mine = [pc.createDataChannel('neg-a', { negotiated: true, id: 6 }), pc.createDataChannel('neg-b', { negotiated: true, id: 11, ordered: false })];
      expect(mine.map((c) => c.id)).toEqual([6, 11]);
      await peer.eval((p) => {
        const h = (globalThis as any).__ch;
        h.watch(p.createDataChannel('neg-a', { negotiated: true, id: 6 }), true);
        h.watch(p.createDataChannel('neg-b', { negotiated: true, id: 11, ordered: false }), true);
        if (p.signalingState === 'stable' && !p.remoteDescription) h.watch(p.createDataChannel('kick'), false);
      });
      if (offerer === 'purertc') await nodeOffers(pc, peer);
      else await chromiumOffers(pc, peer);
      for (const ch of mine) if (ch.readyState !== 'open') await event(ch, 'open');
      const got = new Map(mine.map((c) => [c.label, [] as unknown[]]));
      for (const ch of mine) {
        ch.onmessage = (e) => got.get(ch.label)!.push(e.data);
        ch.send(`hello on ${ch.label}`);
        ch.send(Uint8Array.of(ch.id!, 1, 2));
      }
      await until(() => [...got.values()].every((v) => v.length === 2), 10_000, 'echoes on negotiated channels');
      for (const ch of mine) {
        const theirs = (await pageChannel(peer, ch.label))!;
        expect(theirs).toMatchObject({ negotiated: true, id: ch.id, readyState: 'open', ordered: ch.ordered });
        expect(theirs.messages).toEqual([`hello on ${ch.label}`, [ch.id, 1, 2]]);
        expect(new Set(got.get(ch.label)!.map((m) => (typeof m === 'string' ? m : Array.from(new Uint8Array(m as ArrayBuffer)).join()))))
          .toEqual(new Set([`hello on ${ch.label}`, `${ch.id},1,2`]));
      }
      // Negotiated channels are announced to neither side; Chromium's 'kick' channel (Chromium offers) is.
      expect([...ours.keys()].filter((l) => l.startsWith('neg'))).toEqual([]);
      const announcedInPage = await peer.eval((_p, id, h) => (h.events.get(id).channels as RTCDataChannel[]).map((c) => c.label), peer.id);
      expect(announcedInPage.filter((l) => l.startsWith('neg'))).toEqual([]);
    } finally {
      pc.close();
      await peer.close();
    }
  }, 30_000);
});

describe('closing', () => {
  /** A connected pair with one channel from each side, echo-free; returns both ends of each. */
  async function connected(offerer: 'purertc' | 'chromium') {
    const pc = new RTCPeerConnection({}, LOOPBACK);
    const peer = await browser.newPeer();
    const ours = announced(pc);
    await watchAnnounced(peer, false);
    const fromNode = pc.createDataChannel('from-node');
    await peer.eval((p) => (globalThis as any).__ch.watch(p.createDataChannel('from-chromium'), false));
    if (offerer === 'purertc') await nodeOffers(pc, peer);
    else await chromiumOffers(pc, peer);
    if (fromNode.readyState !== 'open') await event(fromNode, 'open');
    await until(() => ours.get('from-chromium')?.readyState === 'open', 10_000, "Chromium's channel open at purertc");
    await poll(() => pageChannel(peer, 'from-node'), (c) => c?.readyState === 'open', 10_000, "purertc's channel open at Chromium");
    const fromChromium = ours.get('from-chromium')!;
    const events = new Map<RTCDataChannel, string[]>();
    for (const ch of [fromNode, fromChromium]) {
      const list: string[] = [];
      events.set(ch, list);
      for (const type of ['closing', 'close', 'error']) ch.addEventListener(type, () => list.push(type));
    }
    return { pc, peer, fromNode, fromChromium, events };
  }

  it.each(['purertc', 'chromium'] as const)('%s offers: channel.close() from each side closes both ends with closing/close events', async (offerer) => {
    const { pc, peer, fromNode, fromChromium, events } = await connected(offerer);
    try {
      // purertc closes its end of Chromium's channel: the closing procedure runs, both ends close.
      fromChromium.close();
      expect(fromChromium.readyState).toBe('closing');
      await until(() => fromChromium.readyState === 'closed', 10_000, 'purertc end closed');
      const theirs = await poll(() => pageChannel(peer, 'from-chromium'), (c) => c?.readyState === 'closed', 10_000, 'Chromium end closed');
      expect(theirs!.events).toEqual(['open', 'closing', 'close']); // the remote end sees closing then close
      expect(events.get(fromChromium)).toEqual(['close']); // close() itself fires no closing event (webrtc-pc §6.2.4)
      // Chromium closes its end of purertc's channel.
      await peer.eval(() => (globalThis as any).__ch.byLabel.get('from-node').ch.close());
      await until(() => fromNode.readyState === 'closed', 10_000, 'purertc end of from-node closed');
      expect(events.get(fromNode)).toEqual(['closing', 'close']);
      const mirror = await poll(() => pageChannel(peer, 'from-node'), (c) => c?.readyState === 'closed', 10_000, 'Chromium end of from-node closed');
      expect(mirror!.events).toEqual(['open', 'close']);
      // The connection itself stays up.
      expect(pc.connectionState).toBe('connected');
      expect(await peer.eval((p) => p.connectionState)).toBe('connected');
    } finally {
      pc.close();
      await peer.close();
    }
  }, 30_000);

  it.each(['purertc', 'chromium'] as const)('%s offers: purertc pc.close(): no local events; Chromium sees every channel close and the DTLS transport close', async (offerer) => {
    const { pc, peer, fromNode, fromChromium, events } = await connected(offerer);
    try {
      const stateChanges: string[] = [];
      pc.onconnectionstatechange = () => stateChanges.push(pc.connectionState);
      pc.close();
      // webrtc-pc §4.4.1.5: channels become closed abruptly, no event fires on the closing side.
      expect([fromNode.readyState, fromChromium.readyState]).toEqual(['closed', 'closed']);
      expect(pc.connectionState).toBe('closed');
      expect(pc.signalingState).toBe('closed');
      // Chromium: close_notify (and the SCTP teardown) closes both channels and its DTLS transport.
      const chromiumSide = await poll(
        () =>
          peer.eval(async (p) => {
            const h = (globalThis as any).__ch;
            return { a: h.info('from-node'), b: h.info('from-chromium'), dtls: p.sctp?.transport.state ?? null };
          }),
        (s) => s.a?.readyState === 'closed' && s.b?.readyState === 'closed' && s.dtls === 'closed',
        10_000,
        "Chromium's channels and DTLS transport closed",
      );
      expect(chromiumSide.a!.events.at(-1)).toBe('close');
      expect(chromiumSide.b!.events.at(-1)).toBe('close');
      await new Promise((r) => setTimeout(r, 50));
      expect(stateChanges).toEqual([]);
      expect(events.get(fromNode)).toEqual([]);
      expect(events.get(fromChromium)).toEqual([]);
    } finally {
      pc.close();
      await peer.close();
    }
  }, 30_000);

  it.each(['purertc', 'chromium'] as const)('%s offers: Chromium pc.close(): purertc sees every channel close and its DTLS transport close', async (offerer) => {
    const { pc, peer, fromNode, fromChromium, events } = await connected(offerer);
    try {
      const dtls = pc.sctp!.transport;
      const dtlsStates: string[] = [];
      dtls.onstatechange = () => dtlsStates.push(dtls.state);
      await peer.close();
      await until(() => fromNode.readyState === 'closed' && fromChromium.readyState === 'closed', 10_000, 'purertc channels closed');
      await until(() => dtls.state === 'closed', 10_000, 'purertc DTLS transport closed');
      expect(dtlsStates).toEqual(['closed']); // close_notify received (webrtc-pc §5.5.1)
      for (const ch of [fromNode, fromChromium]) expect(events.get(ch)!.at(-1)).toBe('close');
      expect(await peer.eval((p) => [p.connectionState, p.signalingState])).toEqual(['closed', 'closed']);
    } finally {
      pc.close();
    }
  }, 30_000);
});
