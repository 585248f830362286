/**
 * Shared helpers for the WPT conformance audit (test/wpt). They express, in
 * our own words, what the web-platform-tests harness and
 * webrtc/RTCPeerConnection-helper.js provide: counting m= lines, assertions on
 * DOMException / TypeError rejections, and small offer/answer utilities.
 */
import { MediaStream, RTCPeerConnection, createMediaStreamTrack, type MediaStreamTrack } from '@purertc/peerconnection';

/**
 * `sdp` itself, or a clear Error when it is undefined. `RTCSessionDescriptionInit.sdp`
 * is optional in the W3C types; the SDP helpers below accept it as is and fail
 * loudly instead of with a TypeError deep inside String methods.
 */
export function requireSdp(sdp: string | undefined): string {
  if (sdp === undefined) throw new Error('expected an SDP string, got undefined (description without sdp)');
  return sdp;
}

/** A description as the helpers take it: RTCSessionDescriptionInit or RTCSessionDescription. */
export type DescriptionLike = { type: string; sdp?: string | undefined };

/** Number of `m=<kind>` lines in `sdp`. */
export function countMLines(sdp: string | undefined, kind: 'audio' | 'video' | 'application'): number {
  return requireSdp(sdp).split('\r\n').filter((l) => l.startsWith(`m=${kind} `)).length;
}

/** Lines of `sdp` that start with `prefix`. */
export function sdpLines(sdp: string | undefined, prefix: string): string[] {
  return requireSdp(sdp).split('\r\n').filter((l) => l.startsWith(prefix));
}

/** Same type and same count of audio/video/application m= lines (the WPT "similar" check). */
export function expectSimilar(a: DescriptionLike | null, b: DescriptionLike | null): void {
  expect(a).not.toBeNull();
  expect(b).not.toBeNull();
  expect(a!.type).toBe(b!.type);
  for (const k of ['audio', 'video', 'application'] as const) expect(countMLines(a!.sdp, k)).toBe(countMLines(b!.sdp, k));
}

/** Asserts `fn` throws a DOMException named `name`. */
export function expectThrowsDom(fn: () => unknown, name: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(DOMException);
  expect((caught as DOMException).name).toBe(name);
}

/** Asserts `fn` throws an ECMAScript error of constructor `ctor` (e.g. TypeError). */
export function expectThrowsJs(fn: () => unknown, ctor: ErrorConstructor | TypeErrorConstructor | RangeErrorConstructor | SyntaxErrorConstructor): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeDefined();
  expect((caught as Error).name).toBe(ctor.name);
  expect(caught).not.toBeInstanceOf(DOMException);
}

/** Asserts `p` rejects with a DOMException named `name`, and is a real promise. */
export async function expectRejectsDom(p: Promise<unknown>, name: string): Promise<unknown> {
  expect(p).toBeInstanceOf(Promise);
  let caught: unknown;
  let fulfilled = false;
  await p.then(
    () => (fulfilled = true),
    (e) => (caught = e),
  );
  expect(fulfilled).toBe(false);
  expect(caught).toBeInstanceOf(DOMException);
  expect((caught as DOMException).name).toBe(name);
  return caught;
}

/** Asserts `p` rejects with an ECMAScript error named like `ctor` (not a DOMException). */
export async function expectRejectsJs(p: Promise<unknown>, ctor: { name: string }): Promise<unknown> {
  expect(p).toBeInstanceOf(Promise);
  let caught: unknown;
  let fulfilled = false;
  await p.then(
    () => (fulfilled = true),
    (e) => (caught = e),
  );
  expect(fulfilled).toBe(false);
  expect(caught).toBeInstanceOf(Error);
  expect((caught as Error).name).toBe(ctor.name);
  expect(caught).not.toBeInstanceOf(DOMException);
  return caught;
}

/** Connections created through {@link pcs} are closed after each test. */
const open: RTCPeerConnection[] = [];
afterEach(() => {
  for (const pc of open.splice(0)) pc.close();
});

/** Connections made by the tests gather on loopback only (their ICE runs for real). */
export const LOOPBACK = { network: { includeLoopback: true, ipv6: false, addresses: ['127.0.0.1'] } };

/** A new RTCPeerConnection closed automatically after the test. */
export function newPc(config?: unknown): RTCPeerConnection {
  const pc = new RTCPeerConnection(config as never, LOOPBACK);
  open.push(pc);
  return pc;
}

/** WPT generateVideoReceiveOnlyOffer / generateAudioReceiveOnlyOffer. */
export async function recvOnlyOffer(pc: RTCPeerConnection, kind: 'audio' | 'video') {
  pc.addTransceiver(kind, { direction: 'recvonly' });
  return pc.createOffer();
}

/** WPT generateDataChannelOffer. */
export async function dataChannelOffer(pc: RTCPeerConnection) {
  pc.createDataChannel('test');
  const offer = await pc.createOffer();
  expect(countMLines(offer.sdp, 'application')).toBe(1);
  return offer;
}

/** WPT generateAnswer: an answer from a fresh connection. */
export async function answerFrom(offer: DescriptionLike) {
  const pc = new RTCPeerConnection({}, LOOPBACK);
  await pc.setRemoteDescription(offer as never);
  const answer = await pc.createAnswer();
  pc.close();
  return answer;
}

/** WPT exchangeOfferAnswer: offer from a, answer from b, all four set. */
export async function exchangeOfferAnswer(a: RTCPeerConnection, b: RTCPeerConnection): Promise<void> {
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription as never);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription as never);
}

/** Stand-in for getUserMedia: a live track of `kind`. */
export function track(kind: 'audio' | 'video'): MediaStreamTrack {
  return createMediaStreamTrack(kind);
}

/** Resolves with the next `type` event fired at `target`. */
export function nextEvent<E extends Event = Event>(target: EventTarget, type: string): Promise<E> {
  return new Promise((resolve) => target.addEventListener(type, (e) => resolve(e as E), { once: true }));
}

/**
 * Resolves after already-queued tasks (and their microtasks) ran. Tasks are
 * setImmediate callbacks, which a timer is not ordered after on a busy
 * machine, so a few immediate turns follow the timer.
 */
export async function flushTasks(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 5));
  for (let i = 0; i < 4; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** True when `p` is still pending after queued tasks ran (WPT test_never_resolve, bounded). */
export async function isPending(p: Promise<unknown>): Promise<boolean> {
  let settled = false;
  p.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((r) => setTimeout(r, 50));
  return !settled;
}

/** WPT exchangeOffer: caller sets its offer locally, callee remotely. */
export async function exchangeOffer(caller: RTCPeerConnection, callee: RTCPeerConnection): Promise<void> {
  await caller.setLocalDescription(await caller.createOffer());
  await callee.setRemoteDescription(caller.localDescription as never);
}

/** WPT exchangeAnswer: callee answers; the caller's remote description is set first. */
export async function exchangeAnswer(caller: RTCPeerConnection, callee: RTCPeerConnection): Promise<void> {
  const answer = await callee.createAnswer();
  await caller.setRemoteDescription(answer);
  await callee.setLocalDescription(answer);
}

/** Splits SDP text into the session part and each m= section, each ending in CRLF. */
export function splitSections(sdp: string | undefined): string[] {
  const parts = requireSdp(sdp).split('\r\nm=');
  return parts.map((p, i) => (i === 0 ? p : 'm=' + p) + (i < parts.length - 1 ? '\r\n' : ''));
}

/** Stand-in for WPT getNoiseStream(): a MediaStream holding fresh tracks of the kinds asked. */
export function noiseStream(kinds: { audio?: boolean; video?: boolean }): MediaStream {
  const tracks: MediaStreamTrack[] = [];
  if (kinds.audio) tracks.push(track('audio'));
  if (kinds.video) tracks.push(track('video'));
  return new MediaStream(tracks);
}
