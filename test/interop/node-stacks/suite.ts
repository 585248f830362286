/**
 * The interop scenarios every Node stack runs against purertc, once with
 * purertc as the offerer and once as the answerer (so each side is the DTLS
 * client once and the ICE controlling agent once): a channel opened from each
 * side, strings and binary both ways (up to 64 KiB), a 200-message ordered echo
 * in each direction, a close from each side. Everything runs on 127.0.0.1 (see
 * peers.ts); each step is bounded in time and both connections are closed in
 * afterAll so jest exits.
 */
import type { RTCPeerConnection } from '@purertc/peerconnection';
import { PeerTransportDriver } from '@purertc/peerconnection/transport/node';
import { candidateAddresses, echoMessage, purertcPeer, sampleMessages, until, type Msg, type StackChannel, type StackPeer, type TrickledCandidate } from './peers.js';

/** How a stack under test is created and torn down. */
export interface StackUnderTest {
  /** Display name, e.g. 'werift 0.24.4'. */
  name: string;
  /** A new peer connection of that stack, gathering on (or filtered to) 127.0.0.1. */
  create(): StackPeer | Promise<StackPeer>;
  /** Extra checks on the stack's side once connected (its own stats, where it has them). */
  checkConnected?(peer: StackPeer): Promise<void>;
}

const STEP_MS = 15_000;

/** Whether two messages are the same (type and content). */
export function sameMessage(a: Msg | undefined, b: Msg | undefined): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const describeMsg = (m: Msg | undefined): string => (m === undefined ? 'nothing' : typeof m === 'string' ? `string(${m.length})` : `bytes(${m.length})`);

/** Asserts `got` equals `want` message by message, with a short description of the first difference. */
export function expectMessages(got: Msg[], want: Msg[]): void {
  const bad = want.findIndex((m, i) => !sameMessage(got[i], m));
  if (bad >= 0 || got.length !== want.length) {
    const i = bad >= 0 ? bad : Math.min(got.length, want.length);
    throw new Error(`messages differ at #${i}: got ${describeMsg(got[i])}, want ${describeMsg(want[i])} (got ${got.length}, want ${want.length})`);
  }
}

/** Sends `msgs` on `from` and waits until `to` received them all; checks content and order. */
async function exchange(from: StackChannel, to: StackChannel, msgs: Msg[]): Promise<void> {
  const start = to.messages.length;
  for (const m of msgs) from.send(m);
  await until(() => to.messages.length >= start + msgs.length, STEP_MS, `${msgs.length} messages on ${to.label}`);
  expectMessages(to.messages.slice(start), msgs);
}

/** Sends 200 messages on `from`; `far` echoes them; checks they come back intact and in order. */
async function echo200(from: StackChannel, far: StackChannel): Promise<void> {
  const msgs = Array.from({ length: 200 }, (_, i) => echoMessage(i));
  far.echo = true;
  try {
    const start = from.messages.length;
    for (const m of msgs) from.send(m);
    await until(() => from.messages.length >= start + msgs.length, STEP_MS, `200 echoed messages on ${from.label}`);
    expectMessages(from.messages.slice(start), msgs);
  } finally {
    far.echo = false;
  }
}

/** Checks purertc only ever knew 127.0.0.1 remote candidates and selected a loopback pair. */
async function expectLoopbackOnly(pc: RTCPeerConnection): Promise<void> {
  const pair = pc.sctp!.transport.iceTransport.getSelectedCandidatePair()!;
  expect(pair).toBeTruthy();
  expect([pair.local.address, pair.remote.address]).toEqual(['127.0.0.1', '127.0.0.1']);
  const report = await pc.getStats();
  const remotes = [...report.values()].filter((s: { type: string }) => s.type === 'remote-candidate') as Array<{ address?: string }>;
  expect(remotes.length).toBeGreaterThan(0);
  for (const r of remotes) expect(r.address).toBe('127.0.0.1');
}

/** One connection between purertc and `stack`, with `purertcOffers` choosing the roles. */
function describeDirection(stack: StackUnderTest, purertcOffers: boolean): void {
  const title = purertcOffers ? `purertc offers, ${stack.name} answers` : `${stack.name} offers, purertc answers`;
  describe(title, () => {
    let pur: ReturnType<typeof purertcPeer>;
    let other: StackPeer;
    let handlesBefore = 0;
    // The two channels, each seen from both ends: `a` created by the offerer before the offer,
    // `b` created by the answerer once connected.
    const ends: { aOff?: StackChannel; aAns?: StackChannel; bOff?: StackChannel; bAns?: StackChannel } = {};
    // [purertc's end, the stack's end] of the channel purertc created;
    // [the stack's end, purertc's end] of the channel the stack created.
    const need = (pair: [StackChannel | undefined, StackChannel | undefined]): [StackChannel, StackChannel] => {
      if (!pair[0] || !pair[1]) throw new Error('a channel from an earlier step is missing (that step failed)');
      return pair as [StackChannel, StackChannel];
    };
    const byPurertc = (): [StackChannel, StackChannel] => need(purertcOffers ? [ends.aOff, ends.aAns] : [ends.bAns, ends.bOff]);
    const byStack = (): [StackChannel, StackChannel] => need(purertcOffers ? [ends.bAns, ends.bOff] : [ends.aOff, ends.aAns]);

    beforeAll(async () => {
      handlesBefore = PeerTransportDriver.activeHandles;
      pur = purertcPeer();
      other = await stack.create();
    });

    afterAll(async () => {
      await other?.close();
      await pur?.peer.close();
      await until(() => PeerTransportDriver.activeHandles === handlesBefore, 5000, 'purertc sockets and timers released');
    });

    it('connects over 127.0.0.1; the offerer\'s channel opens on both sides', async () => {
      const [offerer, answerer] = purertcOffers ? [pur.peer, other] : [other, pur.peer];
      ends.aOff = offerer.createDataChannel('from-offerer');
      const offer = await offerer.offer();
      expect(candidateAddresses(offer.sdp).length).toBeGreaterThan(0);
      const answer = await answerer.answer(offer);
      expect(candidateAddresses(answer.sdp).length).toBeGreaterThan(0);
      await offerer.accept(answer);
      ends.aAns = await answerer.nextRemoteChannel(STEP_MS);
      expect(ends.aAns.label).toBe('from-offerer');
      await until(() => ends.aOff!.state() === 'open' && ends.aAns!.state() === 'open', STEP_MS, 'both ends open');
      await until(() => pur.pc.connectionState === 'connected', STEP_MS, 'purertc connected');
      await expectLoopbackOnly(pur.pc);
      await stack.checkConnected?.(other);
    }, 30_000);

    it('a channel created by the answerer once connected opens on both sides', async () => {
      const [offerer, answerer] = purertcOffers ? [pur.peer, other] : [other, pur.peer];
      ends.bAns = answerer.createDataChannel('from-answerer');
      ends.bOff = await offerer.nextRemoteChannel(STEP_MS);
      expect(ends.bOff.label).toBe('from-answerer');
      await until(() => ends.bOff!.state() === 'open' && ends.bAns!.state() === 'open', STEP_MS, 'both ends open');
    }, 20_000);

    it('strings and binary (up to 64 KiB) both ways on both channels', async () => {
      for (const [mine, theirs] of [byPurertc(), byStack()]) {
        await exchange(mine, theirs, sampleMessages());
        await exchange(theirs, mine, sampleMessages());
      }
      // On this loopback pair purertc probed 2048-byte SCTP packets (the stack states no DTLS
      // record_size_limit; path-mtu.ts), the stack answered the HEARTBEAT-padded probe, and the
      // 64 KiB messages above went in packets of that size.
      expect(pur.drivers.map((d) => d.transport.association?.pathMtu)).toEqual([2048]);
    }, 30_000);

    it('200 messages echoed in order: purertc → stack → purertc, and stack → purertc → stack', async () => {
      const [pEnd, sEnd] = byPurertc();
      await echo200(pEnd, sEnd);
      const [sEnd2, pEnd2] = byStack();
      await echo200(sEnd2, pEnd2);
    }, 30_000);

    it('closing from purertc closes the channel purertc created on both sides', async () => {
      const [mine, theirs] = byPurertc();
      mine.close();
      await until(() => mine.state() === 'closed' && theirs.state() === 'closed', STEP_MS, 'both ends closed');
      // The other channel is unaffected.
      const [s, p] = byStack();
      await exchange(s, p, ['still open']);
    }, 20_000);

    it('closing from the other stack closes the channel it created on both sides', async () => {
      const [theirs, mine] = byStack();
      theirs.close();
      await until(() => mine.state() === 'closed' && theirs.state() === 'closed', STEP_MS, 'both ends closed');
      expect(pur.pc.connectionState).toBe('connected');
    }, 20_000);
  });
}

/** Trickle ICE in one direction: descriptions without waiting for gathering, candidates as they come. */
function trickleTest(stack: StackUnderTest, purertcOffers: boolean): void {
  const title = purertcOffers ? `trickle ICE, purertc offers: a channel opens, messages both ways, close` : `trickle ICE, ${stack.name} offers: a channel opens, messages both ways, close`;
  it(title, async () => {
    const handlesBefore = PeerTransportDriver.activeHandles;
    const pur = purertcPeer();
    const other = await stack.create();
    const timers: ReturnType<typeof setInterval>[] = [];
    try {
      const [offerer, answerer] = purertcOffers ? [pur.peer, other] : [other, pur.peer];
      // Candidates that arrive before the remote description is set wait for it.
      const forward = (from: StackPeer, to: StackPeer, ready: () => boolean): void => {
        const early: TrickledCandidate[] = [];
        let flushed = false;
        from.onCandidate((c) => {
          if (!ready()) return void early.push(c);
          if (!flushed) {
            flushed = true;
            for (const e of early.splice(0)) void to.addCandidate(e).catch(() => undefined);
          }
          void to.addCandidate(c).catch(() => undefined);
        });
        const timer = setInterval(() => {
          if (!ready()) return;
          clearInterval(timer);
          for (const e of early.splice(0)) void to.addCandidate(e).catch(() => undefined);
        }, 2);
        timers.push(timer);
      };
      let answererHasOffer = false;
      let offererHasAnswer = false;
      forward(offerer, answerer, () => answererHasOffer);
      forward(answerer, offerer, () => offererHasAnswer);
      const chOff = offerer.createDataChannel('trickled');
      const offer = await offerer.trickleOffer();
      const answer = await answerer.trickleAnswer(offer);
      answererHasOffer = true;
      await offerer.accept(answer);
      offererHasAnswer = true;
      const chAns = await answerer.nextRemoteChannel(STEP_MS);
      await until(() => chOff.state() === 'open' && chAns.state() === 'open', STEP_MS, 'both ends open');
      await expectLoopbackOnly(pur.pc);
      await exchange(chOff, chAns, ['over trickled candidates', Uint8Array.of(9, 8, 7)]);
      await exchange(chAns, chOff, ['and back', Uint8Array.of(1)]);
      chAns.close();
      await until(() => chOff.state() === 'closed' && chAns.state() === 'closed', STEP_MS, 'both ends closed');
    } finally {
      for (const t of timers) clearInterval(t);
      await other.close();
      await pur.peer.close();
    }
    await until(() => PeerTransportDriver.activeHandles === handlesBefore, 5000, 'purertc sockets and timers released');
  }, 30_000);
}

/** Registers both directions of the interop suite for `stack`, with full gathering and with trickle ICE. */
export function describeStack(stack: StackUnderTest): void {
  describe(`purertc ↔ ${stack.name} over loopback UDP`, () => {
    describeDirection(stack, true);
    describeDirection(stack, false);
    trickleTest(stack, true);
    trickleTest(stack, false);
  });
}
