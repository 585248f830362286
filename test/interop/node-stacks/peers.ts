/**
 * Adapters that give every Node WebRTC stack under test (purertc, werift,
 * node-datachannel's polyfill, @roamhq/wrtc) one small surface, so that
 * `suite.ts` runs the same interop scenarios against each of them.
 *
 * Loopback discipline: every description that crosses from one peer to the
 * other goes through {@link loopbackOnly}, which keeps only UDP candidates on
 * 127.0.0.1; trickled candidates go through {@link isLoopbackCandidate}. A stack
 * therefore only ever learns loopback addresses of its peer, and the suite
 * checks purertc's stats afterwards: every remote candidate it knows (including
 * peer-reflexive ones learnt from incoming checks) is 127.0.0.1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RTCPeerConnection } from '@purertc/peerconnection';
import { PeerTransportDriver, type PeerTransportDriverOptions } from '@purertc/peerconnection/transport/node';

/** The installed version of npm package `name` (read from its package.json in the root node_modules). */
export function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** A message as the tests see it: a string or the bytes of a binary message. */
export type Msg = string | Uint8Array;

/** Resolves when `pred()` holds (polled every few ms); rejects after `ms`. */
export function until(pred: () => boolean, ms: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const tick = (): void => {
      let ok = false;
      try {
        ok = pred();
      } catch (e) {
        reject(e as Error);
        return;
      }
      if (ok) return resolve();
      if (Date.now() - start > ms) return reject(new Error(`timeout (${ms} ms) waiting for ${what}`));
      setTimeout(tick, 2);
    };
    tick();
  });
}

/** Whether an `a=candidate` / `candidate:` line is a UDP candidate on 127.0.0.1. */
export function isLoopbackCandidate(line: string): boolean {
  const f = line.replace(/^a=/, '').trim().split(/\s+/);
  // candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type>
  return f.length >= 8 && f[2]!.toLowerCase() === 'udp' && f[4] === '127.0.0.1';
}

/** `sdp` with every candidate line that is not UDP on 127.0.0.1 removed. */
export function loopbackOnly(sdp: string): string {
  return sdp
    .split(/\r?\n/)
    .filter((l) => !l.startsWith('a=candidate:') || isLoopbackCandidate(l))
    .join('\r\n');
}

/** Addresses of the `a=candidate` lines of `sdp`. */
export function candidateAddresses(sdp: string): string[] {
  return [...sdp.matchAll(/^a=candidate:\S+ \d+ \S+ \d+ (\S+) /gm)].map((m) => m[1]!);
}

/** A trickled candidate as it crosses between peers. */
export interface TrickledCandidate {
  candidate: string;
  sdpMid: string | null;
  sdpMLineIndex: number | null;
}

/** One data channel of any stack. `messages` records everything received since it was created or announced. */
export interface StackChannel {
  readonly label: string;
  /** The channel's readyState ('connecting' | 'open' | 'closing' | 'closed'). */
  state(): string;
  send(data: Msg): void;
  close(): void;
  /** Every message received so far, in arrival order (binary as a copy of its bytes). */
  readonly messages: Msg[];
  /** When set, every received message is sent straight back. */
  echo: boolean;
}

/** One peer connection of any stack, driven by the tests with non-trickle signaling. */
export interface StackPeer {
  readonly name: string;
  createDataChannel(label: string): StackChannel;
  /** The next channel announced by a `datachannel` event. */
  nextRemoteChannel(ms: number): Promise<StackChannel>;
  /** setLocalDescription(offer), wait for full gathering; the local description, loopback candidates only. */
  offer(): Promise<{ type: 'offer'; sdp: string }>;
  /** setRemoteDescription(offer), setLocalDescription(answer), wait for gathering; the answer, loopback only. */
  answer(offer: { type: 'offer'; sdp: string }): Promise<{ type: 'answer'; sdp: string }>;
  /** setRemoteDescription(answer). */
  accept(answer: { type: 'answer'; sdp: string }): Promise<void>;
  /** Trickle: setLocalDescription(offer) and its description right away (loopback candidates only, maybe none). */
  trickleOffer(): Promise<{ type: 'offer'; sdp: string }>;
  /** Trickle: setRemoteDescription(offer), setLocalDescription(answer), the answer right away. */
  trickleAnswer(offer: { type: 'offer'; sdp: string }): Promise<{ type: 'answer'; sdp: string }>;
  /** Calls `cb` with every trickled local candidate on 127.0.0.1 (UDP); the others are dropped here. */
  onCandidate(cb: (c: TrickledCandidate) => void): void;
  /** addIceCandidate. */
  addCandidate(c: TrickledCandidate): Promise<void>;
  /** connectionState (werift: its own connectionState). */
  connectionState(): string;
  close(): Promise<void>;
}

/** A copy of a received binary payload (ArrayBuffer, view or Node Buffer) as a plain Uint8Array. */
export function bytesOf(data: unknown): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  throw new Error(`unexpected binary message type ${Object.prototype.toString.call(data)}`);
}

/** Records messages and echoes on demand; shared by every adapter. */
function recorder(label: string, state: () => string, send: (d: Msg) => void, close: () => void): StackChannel & { deliver(d: unknown): void } {
  const ch = {
    label,
    state,
    send,
    close,
    messages: [] as Msg[],
    echo: false,
    deliver(d: unknown): void {
      const m: Msg = typeof d === 'string' ? d : bytesOf(d);
      ch.messages.push(m);
      if (ch.echo) send(m);
    },
  };
  return ch;
}

/** Anything shaped like the W3C RTCPeerConnection (purertc, node-datachannel's polyfill, @roamhq/wrtc). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type W3CPeer = any;

function w3cChannel(dc: W3CPeer): StackChannel {
  dc.binaryType = 'arraybuffer';
  const ch = recorder(
    dc.label as string,
    () => dc.readyState as string,
    (d) => dc.send(d),
    () => dc.close(),
  );
  dc.addEventListener('message', (e: MessageEvent) => ch.deliver(e.data));
  return ch;
}

/**
 * Adapter for a W3C-API RTCPeerConnection. `outgoing` rewrites the (loopback-only) descriptions it
 * hands out, `incoming` the ones it is given.
 */
export function w3cPeer(name: string, pc: W3CPeer, outgoing: (sdp: string) => string = (s) => s, incoming: (sdp: string) => string = (s) => s): StackPeer {
  const announced: StackChannel[] = [];
  pc.addEventListener('datachannel', (e: RTCDataChannelEvent) => announced.push(w3cChannel(e.channel)));
  const gathered = async (): Promise<string> => {
    await until(() => pc.iceGatheringState === 'complete', 10_000, `${name} ICE gathering`);
    return outgoing(loopbackOnly(pc.localDescription.sdp as string));
  };
  const now = (): string => outgoing(loopbackOnly(pc.localDescription.sdp as string));
  return {
    name,
    createDataChannel: (label) => w3cChannel(pc.createDataChannel(label)),
    async nextRemoteChannel(ms) {
      await until(() => announced.length > 0, ms, `${name} datachannel event`);
      return announced.shift()!;
    },
    async offer() {
      await pc.setLocalDescription(await pc.createOffer());
      return { type: 'offer', sdp: await gathered() };
    },
    async answer(offer) {
      await pc.setRemoteDescription({ type: 'offer', sdp: incoming(offer.sdp) });
      await pc.setLocalDescription(await pc.createAnswer());
      return { type: 'answer', sdp: await gathered() };
    },
    async accept(answer) {
      await pc.setRemoteDescription({ type: 'answer', sdp: incoming(answer.sdp) });
    },
    async trickleOffer() {
      await pc.setLocalDescription(await pc.createOffer());
      return { type: 'offer', sdp: now() };
    },
    async trickleAnswer(offer) {
      await pc.setRemoteDescription({ type: 'offer', sdp: incoming(offer.sdp) });
      await pc.setLocalDescription(await pc.createAnswer());
      return { type: 'answer', sdp: now() };
    },
    onCandidate(cb) {
      pc.addEventListener('icecandidate', (e: RTCPeerConnectionIceEvent) => {
        const c = e.candidate;
        if (c && c.candidate && isLoopbackCandidate(c.candidate)) cb({ candidate: outgoing(c.candidate), sdpMid: c.sdpMid ?? null, sdpMLineIndex: c.sdpMLineIndex ?? null });
      });
    },
    async addCandidate(c) {
      await pc.addIceCandidate({ ...c, candidate: incoming(c.candidate) });
    },
    connectionState: () => pc.connectionState as string,
    async close() {
      pc.close();
    },
  };
}

/** purertc's RTCPeerConnection, gathering on 127.0.0.1 only. */
export function purertcPeer(): { peer: StackPeer; pc: RTCPeerConnection; drivers: PeerTransportDriver[] } {
  // The drivers are kept so the suites can look at the transport under the W3C objects.
  const drivers: PeerTransportDriver[] = [];
  const pc = new RTCPeerConnection({}, {
    network: { includeLoopback: true, ipv6: false, addresses: ['127.0.0.1'] },
    transport: {
      createDriver: async (o: PeerTransportDriverOptions) => {
        const d = await PeerTransportDriver.create(o);
        drivers.push(d);
        return d;
      },
    },
  });
  return { peer: w3cPeer('purertc', pc), pc, drivers };
}

/** The messages the suites exchange: strings and binary, ASCII and not, 1 B to 64 KiB. */
export function sampleMessages(): Msg[] {
  const big = new Uint8Array(65536);
  for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 0xff;
  return ['hello', 'ünïcødé ✓ 🚀', 'x'.repeat(65536), Uint8Array.of(0), Uint8Array.of(1, 2, 3, 250, 255), big];
}

/** Message `i` of an ordered echo run: alternately a string and binary of a size that varies with i. */
export function echoMessage(i: number): Msg {
  if (i % 2 === 0) return `message ${i} ${'.'.repeat((i * 37) % 1000)}`;
  const b = new Uint8Array(1 + ((i * 523) % 4000));
  b[0] = i & 0xff;
  for (let k = 1; k < b.length; k++) b[k] = (i + k) & 0xff;
  return b;
}
