/**
 * Shared plumbing of the purertc <-> Chromium DataChannel suites: the loopback
 * network option, bounded waits, and the two signaling orders (non-trickle:
 * each side gathers completely, only loopback candidates reach purertc).
 */
import { createHash } from 'node:crypto';
import type { RTCPeerConnection } from '@purertc/peerconnection';
import { loopbackOnly, type ChromiumPeer, type DescriptionInit } from './harness.js';
import { until } from '../../until';

/** purertc gathers on 127.0.0.1 only. */
export const LOOPBACK = { network: { includeLoopback: true, ipv6: false, addresses: ['127.0.0.1'] } };

export { until };

/** The next `type` event of `target`; rejects after `ms`. */
export function event<T extends Event = Event>(target: EventTarget, type: string, ms = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no ${type} event`)), ms);
    target.addEventListener(
      type,
      (e) => {
        clearTimeout(t);
        resolve(e as T);
      },
      { once: true },
    );
  });
}

/** Polls an async page-side probe until `pred(value)` holds (every 10 ms, at most `ms`); returns the value. */
export async function poll<T>(probe: () => Promise<T>, pred: (v: T) => boolean, ms: number, what: string): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await probe();
    if (pred(v)) return v;
    if (Date.now() - start > ms) throw new Error(`timeout waiting for ${what} (last: ${JSON.stringify(v)})`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The `a=ice-ufrag` of an SDP text. */
export const ufragOf = (sdp: string): string => /^a=ice-ufrag:(\S+)\r?$/m.exec(sdp)![1]!;

/** purertc's local description once its gathering is complete. */
async function gatheredLocal(pc: RTCPeerConnection): Promise<DescriptionInit> {
  await until(() => pc.iceGatheringState === 'complete', 5000, 'purertc gathering');
  return { type: pc.localDescription!.type as DescriptionInit['type'], sdp: pc.localDescription!.sdp };
}

/**
 * purertc offers, Chromium answers. Also the re-offer of an ICE restart (purertc
 * calls this after `restartIce()`).
 */
export async function nodeOffers(pc: RTCPeerConnection, peer: ChromiumPeer): Promise<void> {
  await pc.setLocalDescription();
  await peer.setRemoteDescription(await gatheredLocal(pc));
  await peer.setLocalDescription();
  const answer = await peer.gatheredLocalDescription();
  await pc.setRemoteDescription({ type: 'answer', sdp: loopbackOnly(answer.sdp!) });
}

/** Chromium offers, purertc answers (also after Chromium's `restartIce()`). */
export async function chromiumOffers(pc: RTCPeerConnection, peer: ChromiumPeer): Promise<void> {
  await peer.setLocalDescription();
  const offer = await peer.gatheredLocalDescription();
  await pc.setRemoteDescription({ type: 'offer', sdp: loopbackOnly(offer.sdp!) });
  await pc.setLocalDescription();
  await peer.setRemoteDescription(await gatheredLocal(pc));
}

/** Size of every chunk of the bulk transfers. */
export const CHUNK = 16384;

/**
 * Chunk `i` of a bulk transfer: bytes derived from the index (xorshift), so a
 * lost, duplicated or reordered chunk changes the transfer's hash. The page
 * builds the same bytes with the same function (serialized into it).
 */
export function chunkBytes(i: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = (i + 1) * 2654435761;
  for (let k = 0; k < size; k++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[k] = x & 0xff;
  }
  return out;
}

/** Hex SHA-256 of `chunks` chunks of {@link chunkBytes}, computed in Node. */
export function expectedTransferHash(chunks: number, size = CHUNK): string {
  const h = createHash('sha256');
  for (let i = 0; i < chunks; i++) h.update(chunkBytes(i, size));
  return h.digest('hex');
}
