/**
 * purertc's RTCPeerConnection against headless Chromium's, over loopback:
 * DataChannels opened from either side, messages both ways (1000 mixed
 * string/binary messages echoed in order, a 256 KiB message), closing from
 * either side, and the DTLS certificates checked against the a=fingerprint
 * values on both ends. Channel-open time is measured and printed (not
 * asserted); docs/interop.md records it. 16 MiB transfers: transfer.test.ts;
 * channel flavours and pc.close(): channels.test.ts.
 */
import { RTCPeerConnection, type RTCDataChannel } from '@purertc/peerconnection';
import { launchChromium, loopbackOnly, type ChromiumHarness, type ChromiumPeer } from './harness.js';
import { until } from '../../until';

const LOOPBACK = { network: { includeLoopback: true, ipv6: false, addresses: ['127.0.0.1'] } };
let browser: ChromiumHarness;

beforeAll(async () => {
  browser = await launchChromium({ timeoutMs: 20_000 });
  // Page-side helpers: echo every message on a channel; record what arrives.
  await browser.eval(() => {
    const w = globalThis as unknown as { __dc: Record<string, unknown> };
    w.__dc = {
      echo(ch: RTCDataChannel) {
        ch.binaryType = 'arraybuffer';
        ch.onmessage = (e) => ch.send(e.data);
      },
    };
  });
});
afterAll(async () => {
  await browser?.close();
});


function event<T extends Event = Event>(target: EventTarget, type: string, ms = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no ${type} event`)), ms);
    target.addEventListener(type, (e) => {
      clearTimeout(t);
      resolve(e as T);
    }, { once: true });
  });
}

/** SHA-256 fingerprint in SDP form (upper-case hex with colons). */
async function sha256Fingerprint(der: ArrayBuffer): Promise<string> {
  const h = new Uint8Array(await crypto.subtle.digest('SHA-256', der));
  return Array.from(h, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}
const fingerprintIn = (sdp: string) => /a=fingerprint:sha-256 ([0-9A-F:]+)/i.exec(sdp)![1]!.toUpperCase();

/** purertc offers (trickle-less: both sides gather completely first), Chromium answers. */
async function nodeOffers(pc: RTCPeerConnection, peer: ChromiumPeer): Promise<void> {
  await pc.setLocalDescription();
  await until(() => pc.iceGatheringState === 'complete', 5000, 'gathering');
  await peer.setRemoteDescription({ type: 'offer', sdp: pc.localDescription!.sdp });
  await peer.setLocalDescription();
  const answer = await peer.gatheredLocalDescription();
  await pc.setRemoteDescription({ type: 'answer', sdp: loopbackOnly(answer.sdp!) });
}

/** Chromium offers, purertc answers. */
async function chromiumOffers(pc: RTCPeerConnection, peer: ChromiumPeer): Promise<void> {
  await peer.setLocalDescription();
  const offer = await peer.gatheredLocalDescription();
  await pc.setRemoteDescription({ type: 'offer', sdp: loopbackOnly(offer.sdp!) });
  await pc.setLocalDescription();
  await until(() => pc.iceGatheringState === 'complete', 5000, 'gathering');
  await peer.setRemoteDescription({ type: 'answer', sdp: pc.localDescription!.sdp });
}

describe('purertc <-> Chromium DataChannels', () => {
  it('purertc offers: channel open both ways, 1000 mixed messages echoed in order, 256 KiB message, certificates verified, close from purertc', async () => {
    const pc = new RTCPeerConnection({}, LOOPBACK);
    const peer = await browser.newPeer();
    try {
      const t0 = performance.now();
      const ch = pc.createDataChannel('from-node');
      const opened = event(ch, 'open');
      await peer.eval((p) => {
        p.ondatachannel = (e) => (globalThis as any).__dc.echo(e.channel);
      });
      await nodeOffers(pc, peer);
      await opened;
      const openMs = performance.now() - t0;
      // Chromium opens one towards us too, and sends as soon as it is open.
      const fromChromium = new Promise<[RTCDataChannel, unknown]>((resolve) =>
        pc.addEventListener('datachannel', (e) => {
          const c = (e as RTCDataChannelEvent).channel as unknown as RTCDataChannel;
          c.addEventListener('message', (m) => resolve([c, (m as MessageEvent).data]), { once: true });
        }, { once: true }),
      );
      await peer.eval((p) => {
        const c = p.createDataChannel('from-chromium');
        c.onopen = () => c.send('hello from chromium');
      });
      const [rch, first] = await fromChromium;
      expect(rch.label).toBe('from-chromium');
      expect(first).toBe('hello from chromium');

      // DTLS: each side saw the certificate its peer's a=fingerprint announced.
      const dtls = pc.sctp!.transport;
      expect(dtls.state).toBe('connected');
      const theirs = await sha256Fingerprint(dtls.getRemoteCertificates()[0]!);
      expect(theirs).toBe(fingerprintIn(pc.remoteDescription!.sdp));
      const ours = await peer.eval(async (p) => {
        const der = (p.sctp!.transport as any).getRemoteCertificates()[0] as ArrayBuffer;
        const h = new Uint8Array(await crypto.subtle.digest('SHA-256', der));
        return Array.from(h, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
      });
      expect(ours).toBe(fingerprintIn(pc.localDescription!.sdp));

      // 1000 messages of mixed sizes (1 B to 64 KiB), strings and binary, echoed intact and in order.
      const sizes = Array.from({ length: 1000 }, (_, i) => (i % 10 === 9 ? 65536 : 1 + ((i * 7919) % 4096)));
      const got: (string | ArrayBuffer)[] = [];
      ch.onmessage = (e) => got.push(e.data);
      const tEcho = performance.now();
      sizes.forEach((n, i) => {
        if (i % 2 === 0) ch.send('s'.repeat(n - 1) + String.fromCharCode(65 + (i % 26)));
        else ch.send(new Uint8Array(n).fill(i & 0xff));
      });
      await until(() => got.length === 1000, 30_000, '1000 echoes');
      const echoMs = performance.now() - tEcho;
      got.forEach((m, i) => {
        if (i % 2 === 0) {
          expect(typeof m).toBe('string');
          expect((m as string).length).toBe(sizes[i]);
          expect((m as string).at(-1)).toBe(String.fromCharCode(65 + (i % 26)));
        } else {
          const b = new Uint8Array(m as ArrayBuffer);
          expect(b.length).toBe(sizes[i]);
          expect(b.every((x) => x === (i & 0xff))).toBe(true);
        }
      });

      // A 256 KiB message: Chromium's a=max-message-size is 262144.
      expect(pc.sctp!.maxMessageSize).toBe(262144);
      const big = new Uint8Array(262144).map((_, i) => (i * 31) & 0xff);
      ch.send(big);
      await until(() => got.length === 1001, 10_000, 'big echo');
      expect(new Uint8Array(got[1000] as ArrayBuffer)).toEqual(big);

      console.log(
        `purertc -> Chromium: channel open ${openMs.toFixed(0)} ms (createDataChannel to open, incl. gathering); ` +
          `1000-message echo ${echoMs.toFixed(0)} ms`,
      );

      // Close from purertc: Chromium's end of the channel closes too.
      const closed = event(ch, 'close');
      ch.close();
      await closed;
      for (let i = 0; ; i++) {
        const state = await peer.eval((_p, id, h) => (h.events.get(id).channels as RTCDataChannel[]).find((c) => c.label === 'from-node')?.readyState, peer.id);
        if (state === 'closed') break;
        if (i > 200) throw new Error(`Chromium's channel is ${state}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      pc.close();
      await peer.close();
    }
  }, 120_000);

  it('Chromium offers: open both ways, messages both ways, close from Chromium', async () => {
    const pc = new RTCPeerConnection({}, LOOPBACK);
    const peer = await browser.newPeer();
    try {
      const t0 = performance.now();
      await peer.createDataChannel('from-chromium');
      const remote = event<RTCDataChannelEvent>(pc, 'datachannel');
      await chromiumOffers(pc, peer);
      const rch = (await remote).channel as unknown as RTCDataChannel;
      if (rch.readyState !== 'open') await event(rch, 'open');
      console.log(`Chromium -> purertc: channel open ${(performance.now() - t0).toFixed(0)} ms (createDataChannel in the page to open in purertc, incl. gathering)`);
      expect(rch.label).toBe('from-chromium');
      expect(rch.id! % 2).toBe(1); // Chromium offered: it is the DTLS server (we answered active), odd ids
      expect(pc.sctp!.transport.state).toBe('connected');
      const got: unknown[] = [];
      rch.onmessage = (e) => got.push(e.data);
      await peer.eval((p, id, h) => {
        const c = h.events.get(id).localChannels[0] as RTCDataChannel;
        c.binaryType = 'arraybuffer';
        c.onmessage = (e) => c.send(e.data);
        c.send('hi from chromium');
        c.send(new Uint8Array([1, 2, 3]));
        void p;
      }, peer.id);
      await until(() => got.length === 2, 10_000, 'chromium messages');
      expect(got[0]).toBe('hi from chromium');
      expect(new Uint8Array(got[1] as ArrayBuffer)).toEqual(Uint8Array.of(1, 2, 3));
      rch.send('echo me');
      await until(() => got.length === 3, 10_000, 'echo');
      expect(got[2]).toBe('echo me');
      // A channel from purertc to Chromium in this connection too.
      const ours = pc.createDataChannel('from-node');
      await event(ours, 'open');
      expect(ours.id! % 2).toBe(0);

      // The other way round: Chromium sends 1000 mixed messages (1 B to 64 KiB, strings and
      // binary alternating), purertc echoes them, the page checks content and order.
      rch.binaryType = 'arraybuffer';
      rch.onmessage = (e) => rch.send(e.data as string | ArrayBuffer);
      const verdict = await peer.eval(
        (_p, id, h) =>
          new Promise<{ count: number; bad: number[] }>((resolve) => {
            const c = h.events.get(id).localChannels[0] as RTCDataChannel;
            const sizes = Array.from({ length: 1000 }, (_, i) => (i % 10 === 9 ? 65536 : 1 + ((i * 7919) % 4096)));
            const bad: number[] = [];
            let count = 0;
            c.onmessage = (e) => {
              const i = count++;
              const n = sizes[i]!;
              if (i % 2 === 0) {
                const s = e.data as string;
                if (typeof s !== 'string' || s.length !== n || s.at(-1) !== String.fromCharCode(65 + (i % 26)) || s[0] !== (n > 1 ? 'c' : s[0])) bad.push(i);
              } else {
                const b = new Uint8Array(e.data as ArrayBuffer);
                if (b.length !== n || !b.every((x) => x === ((i * 3) & 0xff))) bad.push(i);
              }
              if (count === 1000) resolve({ count, bad });
            };
            sizes.forEach((n, i) => {
              if (i % 2 === 0) c.send('c'.repeat(n - 1) + String.fromCharCode(65 + (i % 26)));
              else c.send(new Uint8Array(n).fill((i * 3) & 0xff));
            });
          }),
        peer.id,
      );
      expect(verdict).toEqual({ count: 1000, bad: [] });

      // Close from Chromium.
      const closing = event(rch, 'closing');
      const closed = event(rch, 'close');
      await peer.eval((_p, id, h) => (h.events.get(id).localChannels[0] as RTCDataChannel).close(), peer.id);
      await closing;
      await closed;
      expect(rch.readyState).toBe('closed');
    } finally {
      pc.close();
      await peer.close();
    }
  }, 60_000);
});
