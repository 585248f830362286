/**
 * Bulk and continuous transfers between purertc and headless Chromium over
 * loopback: 16 MiB in each direction with `bufferedAmountLowThreshold` flow
 * control on the sending side, content verified by SHA-256 on the receiving
 * side (in both signaling orders). ICE restart mid-transfer:
 * pending-ice-restart.test.ts.ignore.
 * Throughput is printed (not asserted); docs/interop.md records it.
 */
import { createHash } from 'node:crypto';
import { RTCPeerConnection, type RTCDataChannel } from '@purertc/peerconnection';
import { PeerTransportDriver, type PeerTransportDriverOptions } from '@purertc/peerconnection/transport/node';
import { launchChromium, type ChromiumHarness, type ChromiumPeer } from './harness.js';
import { CHUNK, chromiumOffers, chunkBytes, event, expectedTransferHash, LOOPBACK, nodeOffers, poll, until } from './peers.js';

const TOTAL = 16 * 1024 * 1024;
const CHUNKS = TOTAL / CHUNK;
/** The senders keep at most this much queued, refilling at `bufferedamountlow`. */
const HIGH_WATER = 4 << 20;
const LOW_WATER = 1 << 20;

let browser: ChromiumHarness;
const expectedHash = expectedTransferHash(CHUNKS);

beforeAll(async () => {
  browser = await launchChromium({ timeoutMs: 30_000 });
  // Page-side helpers, shared by the tests: the chunk generator (same bytes as Node's),
  // a hashing sink and a flow-controlled bulk sender.
  await browser.eval((src) => {
    const w = globalThis as any;
    const chunkBytes = (0, eval)(`(${src})`) as (i: number, size: number) => Uint8Array;
    w.__tx = {
      chunkBytes,
      /** Collects every message of `ch`; `done` resolves with the SHA-256 hex once `total` bytes arrived. */
      sink(ch: RTCDataChannel, total: number) {
        ch.binaryType = 'arraybuffer';
        const parts: ArrayBuffer[] = [];
        let bytes = 0;
        const state: any = { bytes: 0, hash: null as string | null };
        ch.onmessage = async (e) => {
          parts.push(e.data as ArrayBuffer);
          bytes += (e.data as ArrayBuffer).byteLength;
          state.bytes = bytes;
          if (bytes === total) {
            const all = new Uint8Array(total);
            let off = 0;
            for (const p of parts) {
              all.set(new Uint8Array(p), off);
              off += p.byteLength;
            }
            const h = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
            state.hash = Array.from(h, (b) => b.toString(16).padStart(2, '0')).join('');
          }
        };
        return state;
      },
      /** Sends `n` chunks on `ch` keeping bufferedAmount under `high`, refilling on bufferedamountlow. */
      bulk(ch: RTCDataChannel, n: number, size: number, high: number, low: number) {
        const chunks = Array.from({ length: n }, (_, i) => chunkBytes(i, size));
        const state = { sent: 0, lowEvents: 0, maxBuffered: 0, ms: 0 };
        ch.bufferedAmountLowThreshold = low;
        const t0 = performance.now();
        return new Promise((resolve) => {
          const fill = () => {
            while (state.sent < n && ch.bufferedAmount < high) ch.send(chunks[state.sent++]!);
            state.maxBuffered = Math.max(state.maxBuffered, ch.bufferedAmount);
            if (state.sent === n) {
              state.ms = performance.now() - t0;
              resolve(state);
            }
          };
          ch.onbufferedamountlow = () => {
            state.lowEvents++;
            fill();
          };
          fill();
        });
      },
    };
  }, chunkBytes.toString());
});
afterAll(async () => {
  await browser?.close();
});

/** Node -> Chromium: `CHUNKS` chunks with flow control; Chromium hashes what arrives. */
async function nodeToChromium(pc: RTCPeerConnection, peer: ChromiumPeer): Promise<number> {
  await peer.eval((p) => {
    const w = globalThis as any;
    p.ondatachannel = (e) => {
      if (e.channel.label === 'bulk-up') w.__up = w.__tx.sink(e.channel, 16 * 1024 * 1024);
    };
  });
  const ch = pc.createDataChannel('bulk-up');
  await event(ch, 'open');
  const chunks = Array.from({ length: CHUNKS }, (_, i) => chunkBytes(i, CHUNK));
  let lowEvents = 0;
  let maxBuffered = 0;
  ch.bufferedAmountLowThreshold = LOW_WATER;
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    let i = 0;
    const fill = () => {
      while (i < CHUNKS && ch.bufferedAmount < HIGH_WATER) ch.send(chunks[i++]!);
      maxBuffered = Math.max(maxBuffered, ch.bufferedAmount);
      if (i === CHUNKS) resolve();
    };
    ch.onbufferedamountlow = () => {
      lowEvents++;
      fill();
    };
    fill();
  });
  const got = await poll(() => peer.eval(() => (globalThis as any).__up as { bytes: number; hash: string | null }), (s) => s.hash !== null, 60_000, 'Chromium received 16 MiB');
  const ms = performance.now() - t0;
  expect(got.bytes).toBe(TOTAL);
  expect(got.hash).toBe(expectedHash);
  // The sender was flow-controlled: refilled on bufferedamountlow, never far above the high-water mark.
  expect(lowEvents).toBeGreaterThan(0);
  expect(maxBuffered).toBeLessThan(HIGH_WATER + CHUNK);
  return ms;
}

/** Chromium -> Node: Chromium sends with flow control; Node hashes what arrives. */
async function chromiumToNode(pc: RTCPeerConnection, peer: ChromiumPeer): Promise<number> {
  const remote = new Promise<RTCDataChannel>((resolve) => {
    const on = (e: Event) => {
      const c = (e as RTCDataChannelEvent).channel as unknown as RTCDataChannel;
      if (c.label !== 'bulk-down') return;
      pc.removeEventListener('datachannel', on);
      resolve(c);
    };
    pc.addEventListener('datachannel', on);
  });
  await peer.createDataChannel('bulk-down');
  const ch = await remote;
  expect(ch.label).toBe('bulk-down');
  ch.binaryType = 'arraybuffer';
  const hash = createHash('sha256');
  let bytes = 0;
  ch.onmessage = (e) => {
    const b = new Uint8Array(e.data as ArrayBuffer);
    hash.update(b);
    bytes += b.byteLength;
  };
  if (ch.readyState !== 'open') await event(ch, 'open');
  const t0 = performance.now();
  const sent = await peer.eval(
    (_p, a, h) => {
      const c = (h.events.get(a.id).localChannels as RTCDataChannel[]).find((x) => x.label === 'bulk-down')!;
      const ready = c.readyState === 'open' ? Promise.resolve() : new Promise((r) => (c.onopen = r));
      return ready.then(() => (globalThis as any).__tx.bulk(c, a.n, a.size, a.high, a.low));
    },
    { id: peer.id, n: CHUNKS, size: CHUNK, high: HIGH_WATER, low: LOW_WATER },
  ) as { sent: number; lowEvents: number; maxBuffered: number };
  await until(() => bytes >= TOTAL, 60_000, 'Node received 16 MiB');
  const ms = performance.now() - t0;
  expect(bytes).toBe(TOTAL);
  expect(hash.digest('hex')).toBe(expectedHash);
  expect(sent.sent).toBe(CHUNKS);
  expect(sent.lowEvents).toBeGreaterThan(0);
  expect(sent.maxBuffered).toBeLessThan(HIGH_WATER + CHUNK);
  return ms;
}

/** A loopback connection whose driver is kept, to look at the SCTP packet size under it. */
function loopbackPc(): { pc: RTCPeerConnection; drivers: PeerTransportDriver[] } {
  const drivers: PeerTransportDriver[] = [];
  const createDriver = async (o: PeerTransportDriverOptions) => {
    const d = await PeerTransportDriver.create(o);
    drivers.push(d);
    return d;
  };
  return { pc: new RTCPeerConnection({}, { ...LOOPBACK, transport: { createDriver } }), drivers };
}

/**
 * Chromium states no DTLS record_size_limit, so on this loopback pair purertc probed 2048-byte
 * SCTP packets (path-mtu.ts), Chromium answered, and the transfer used them.
 */
function expect2048(drivers: PeerTransportDriver[]): void {
  expect(drivers.map((d) => d.transport.association?.pathMtu)).toEqual([2048]);
  expect(drivers[0]!.transport.counters.droppedOversize).toBe(0);
}

const mbps = (ms: number) => (TOTAL / 1e6 / (ms / 1000)).toFixed(1);

describe('16 MiB each way with bufferedAmountLowThreshold flow control, SHA-256 verified', () => {
  it('purertc offers', async () => {
    const { pc, drivers } = loopbackPc();
    const peer = await browser.newPeer();
    try {
      pc.createDataChannel('kick'); // an m=application section in the offer
      await nodeOffers(pc, peer);
      const up = await nodeToChromium(pc, peer);
      const down = await chromiumToNode(pc, peer);
      expect2048(drivers);
      console.log(`purertc offers: 16 MiB purertc -> Chromium ${up.toFixed(0)} ms = ${mbps(up)} MB/s; Chromium -> purertc ${down.toFixed(0)} ms = ${mbps(down)} MB/s`);
    } finally {
      pc.close();
      await peer.close();
    }
  }, 90_000);

  it('Chromium offers', async () => {
    const { pc, drivers } = loopbackPc();
    const peer = await browser.newPeer();
    try {
      await peer.createDataChannel('kick');
      await chromiumOffers(pc, peer);
      const down = await chromiumToNode(pc, peer);
      const up = await nodeToChromium(pc, peer);
      expect2048(drivers);
      console.log(`Chromium offers: 16 MiB purertc -> Chromium ${up.toFixed(0)} ms = ${mbps(up)} MB/s; Chromium -> purertc ${down.toFixed(0)} ms = ${mbps(down)} MB/s`);
    } finally {
      pc.close();
      await peer.close();
    }
  }, 90_000);
});
