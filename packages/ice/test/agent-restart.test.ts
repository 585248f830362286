/**
 * Regressions found against Chromium (issues 5 and 7):
 * - answering the peer's ICE restart keeps the peer's new credentials and
 *   candidates (RFC 8445 §9, RFC 8839 §4.4.1.1.1);
 * - triggered checks on In-Progress and Failed pairs, and retransmission of a
 *   check before its pair fails (RFC 8445 §7.3.1.4, RFC 8489 §6.2.1);
 * - data from a remote address that sent us an authenticated check is
 *   accepted before our own check on that pair succeeds (RFC 8445 §12.1).
 */
import { seededRandom } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';
import {
  Attr, IceAgent, StunClass, StunCredential, StunMessageBuilder, StunMethod, addXorAddress, decodeStun, getText,
  isStun, shortTermKey,
} from '@purertc/ice';
import type { IceCandidate, StunMessage } from '@purertc/ice';
import { SimNetwork, Simulation } from '../../../test/sim/network';
import { SimIcePeer, connectPeers } from '../../../test/sim/ice-peer';

const connected = (p: SimIcePeer) => p.agent.state === 'connected' || p.agent.state === 'completed';

function lanPair(seed: number) {
  const net = new SimNetwork(seed);
  net.conditions = { delay: 10, jitter: 4 };
  const sim = new Simulation(net);
  const a = new SimIcePeer(net, 'a', '192.168.1.10', { controlling: true }, undefined, seed * 2);
  const b = new SimIcePeer(net, 'b', '192.168.1.20', { controlling: false }, undefined, seed * 2 + 1);
  sim.add(a);
  sim.add(b);
  return { net, sim, a, b };
}

/** JSEP order of a restart: the offerer restarts; the answerer applies the offer (credentials, candidates), then answers with new credentials of its own. */
function restartBy(now: number, offerer: SimIcePeer, answerer: SimIcePeer): void {
  offerer.agent.restart(now);
  const co = offerer.agent.localCredentials;
  answerer.agent.setRemoteCredentials(now, co.ufrag, co.pwd);
  for (const c of offerer.agent.getLocalCandidates()) answerer.agent.addRemoteCandidate(now, c);
  answerer.flush(now);
  answerer.agent.restart(now);
  const ca = answerer.agent.localCredentials;
  offerer.agent.setRemoteCredentials(now, ca.ufrag, ca.pwd);
  for (const c of answerer.agent.getLocalCandidates()) offerer.agent.addRemoteCandidate(now, c);
  offerer.flush(now);
  answerer.flush(now);
}

describe('ICE restart answered by us (RFC 8445 §9)', () => {
  for (const [name, offererIsA] of [['the controlling side restarts', true], ['the controlled side restarts', false]] as const) {
    it(`${name}: the answerer keeps the peer's new credentials and checks the new generation`, () => {
      const { sim, a, b } = lanPair(21);
      connectPeers(0, a, b);
      expect(sim.runUntil(() => connected(a) && connected(b), 5000)).toBe(true);
      const [offerer, answerer] = offererIsA ? [a, b] : [b, a];
      const before = [a.events('selected-pair').length, b.events('selected-pair').length];
      const oldOffer = offerer.agent.localCredentials.ufrag;
      const oldAnswer = answerer.agent.localCredentials.ufrag;
      const checksBefore = answerer.agent.stats.checksSent;
      restartBy(sim.net.now, offerer, answerer);
      expect(offerer.agent.localCredentials.ufrag).not.toBe(oldOffer);
      expect(answerer.agent.localCredentials.ufrag).not.toBe(oldAnswer);
      // The answerer's candidates learnt from the offer are still there.
      expect(answerer.agent.getRemoteCandidates().length).toBe(1);
      expect(sim.runUntil(() => a.events('selected-pair').length > before[0]! && b.events('selected-pair').length > before[1]!, sim.net.now + 5000)).toBe(true);
      // The answerer checked the new generation itself, signed with the offerer's new password.
      expect(answerer.agent.stats.checksSent).toBeGreaterThan(checksBefore);
      expect(connected(a) && connected(b)).toBe(true);
      expect(a.agent.send(sim.net.now, Uint8Array.of(7))).toBe(true);
      expect(b.agent.send(sim.net.now, Uint8Array.of(8))).toBe(true);
      sim.runFor(100);
      expect(b.received.map((d) => d[0])).toEqual([7]);
      expect(a.received.map((d) => d[0])).toEqual([8]);
      // The new generation survives consent (the answerer's checks are answered under the new credentials).
      sim.runFor(40_000);
      expect(connected(a) && connected(b)).toBe(true);
      expect(a.states).not.toContain('disconnected');
      expect(b.states).not.toContain('disconnected');
    });
  }

  it('a restart where the first response to the offerer\'s check is lost still selects a new pair within a round trip of the peer\'s own check', () => {
    const { net, sim, a, b } = lanPair(22);
    connectPeers(0, a, b);
    expect(sim.runUntil(() => connected(a) && connected(b), 5000)).toBe(true);
    const before = a.events('selected-pair').length;
    let dropped = 0;
    // Drop b's first Binding success response of the new generation (a's first check gets no answer).
    const restartAt = sim.net.now;
    net.setConditions('192.168.1.20', {
      delay: 10,
      dropIf: (d) => {
        if (dropped > 0 || d.data.length < 20 || d.data[0] !== 0x01 || d.data[1] !== 0x01) return false;
        dropped++;
        return true;
      },
    });
    restartBy(restartAt, a, b);
    expect(sim.runUntil(() => a.events('selected-pair').length > before && connected(b), restartAt + 5000)).toBe(true);
    expect(dropped).toBe(1);
    // b's check reached a while a's own check was In-Progress: a triggered check (RFC 8445 §7.3.1.4)
    // instead of waiting for the 250 ms retransmission.
    expect(a.events('selected-pair').at(-1)!.t - restartAt).toBeLessThan(150);
  });
});

// ───────────────────────── a hand-written peer ─────────────────────────

const LOCAL = { address: '192.168.1.10', port: 5000 };
const PEER = { address: '192.168.1.21', port: 6001 };
const PWD = 'peer-password-0123456789';
const peerCred = new StunCredential(nodeCrypto, shortTermKey(PWD));
const peerCandidate: IceCandidate = { foundation: 'F', component: 1, protocol: 'udp', priority: 2_000_000_000, address: PEER.address, port: PEER.port, type: 'host' };

function agent(controlling: boolean, remoteCreds = true): IceAgent {
  const a = new IceAgent({
    components: { crypto: nodeCrypto, random: seededRandom(31) },
    controlling,
    interfaces: () => [{ name: 'eth0', address: LOCAL.address, family: 'IPv4', internal: false }],
    bind: () => LOCAL.port,
  });
  if (remoteCreds) a.setRemoteCredentials(0, 'peerU', PWD);
  a.gather(0);
  while (a.pollEvent());
  return a;
}

/** The peer's check to `a`, signed with `a`'s password. */
function peerCheck(a: IceAgent, tid: number, pwd = a.localCredentials.pwd): Uint8Array {
  const b = new StunMessageBuilder(StunMethod.Binding, StunClass.Request, new Uint8Array(12).fill(tid));
  b.addString(Attr.Username, `${a.localCredentials.ufrag}:peerU`);
  b.addUint32(Attr.Priority, 1_845_501_695);
  b.addBytes(a.currentRole === 'controlling' ? Attr.IceControlled : Attr.IceControlling, new Uint8Array(8).fill(a.currentRole === 'controlling' ? 0 : 0xff));
  new StunCredential(nodeCrypto, shortTermKey(pwd)).sign(b);
  b.addFingerprint();
  return b.build();
}

function answer(msg: StunMessage): Uint8Array {
  const b = new StunMessageBuilder(StunMethod.Binding, StunClass.Success, msg.transactionId);
  addXorAddress(b, Attr.XorMappedAddress, LOCAL);
  peerCred.sign(b);
  b.addFingerprint();
  return b.build();
}

interface Out { t: number; msg: StunMessage }

/** Runs timers from `from` to `until`; collects our requests to the peer and the data events. */
function run(a: IceAgent, from: number, until: number, out: Out[], onRequest?: (o: Out) => void): number {
  let now = from;
  for (let i = 0; i < 10_000; i++) {
    a.handleTimeout(now);
    for (let t = a.pollTransmit(); t; t = a.pollTransmit()) {
      const msg = decodeStun(t.data)!;
      if (msg.class !== StunClass.Request) continue;
      const o = { t: now, msg };
      out.push(o);
      onRequest?.(o);
    }
    const next = a.pollTimeout();
    if (next === undefined || next > until) return until;
    now = Math.max(next, now);
  }
  return now;
}

const tidOf = (o: Out) => Array.from(o.msg.transactionId).join(',');

describe('triggered checks and retransmissions (RFC 8445 §7.3.1.4, RFC 8489 §6.2.1)', () => {
  it('a check without answer is sent 7 times before its pair fails; a check from the peer on the Failed pair triggers a new one', () => {
    const a = agent(true);
    a.addRemoteCandidate(0, peerCandidate);
    const out: Out[] = [];
    run(a, 0, 20_000, out);
    expect(a.getPairs()[0]!.state).toBe('failed');
    // One transaction, Rc = 7 sends.
    expect(new Set(out.map(tidOf)).size).toBe(1);
    expect(out.length).toBe(7);
    // The peer's check arrives on the failed pair: answered, and a triggered check goes out within Ta.
    a.handle(20_000, peerCheck(a, 1), PEER, LOCAL);
    const resp = decodeStun(a.pollTransmit()!.data)!;
    expect(resp.class).toBe(StunClass.Success);
    expect(a.getPairs()[0]!.state).toBe('waiting');
    const later: Out[] = [];
    run(a, 20_000, 20_100, later, (o) => a.handle(o.t + 5, answer(o.msg), PEER, LOCAL));
    expect(later.length).toBeGreaterThanOrEqual(1);
    expect(later[0]!.t).toBe(20_000);
    expect(a.getPairs()[0]!.state).toBe('succeeded');
    // Controlling: the best (only) pair succeeded, so it is nominated and selected.
    expect(a.getSelectedPair()?.remote.port).toBe(PEER.port);
  });

  it('a check from the peer on an In-Progress pair cancels its retransmissions and triggers a new check; the old timeout fails nothing', () => {
    const start = () => {
      const a = agent(true);
      a.addRemoteCandidate(0, peerCandidate);
      const out: Out[] = [];
      run(a, 0, 100, out);
      expect(out.length).toBe(1);
      expect(a.getPairs()[0]!.state).toBe('in-progress');
      a.handle(100, peerCheck(a, 2), PEER, LOCAL);
      expect(decodeStun(a.pollTransmit()!.data)!.class).toBe(StunClass.Success);
      return { a, first: out[0]! };
    };
    const { a, first } = start();
    const later: Out[] = [];
    run(a, 100, 1_500, later);
    // A new transaction at once; the first one is not retransmitted any more.
    expect(later[0]!.t).toBe(100);
    expect(tidOf(later[0]!)).not.toBe(tidOf(first));
    expect(later.filter((o) => tidOf(o) === tidOf(first)).length).toBe(0);
    expect(new Set(later.map(tidOf)).size).toBe(1);
    expect(later.length).toBeGreaterThan(1);
    // The first transaction's timeout (100 + Rm × RTO = 600 ms at most) did not fail the pair; the new check still runs.
    expect(a.getPairs()[0]!.state).toBe('in-progress');
    // A late response to the cancelled transaction, within its final wait, still validates the pair.
    const b = start();
    run(b.a, 100, 300, []);
    b.a.handle(300, answer(b.first.msg), PEER, LOCAL);
    expect(b.a.getPairs()[0]!.state).toBe('succeeded');
  });
});

describe('data before our own check succeeds (RFC 8445 §12.1)', () => {
  function dataEvents(a: IceAgent): number[][] {
    const got: number[][] = [];
    for (let e = a.pollEvent(); e; e = a.pollEvent()) if (e.type === 'data') got.push(Array.from(e.data));
    return got;
  }

  it('the offerer, remote credentials not known yet: an authenticated check is answered and the DTLS that follows is delivered', () => {
    const a = agent(true, false);
    const hello = Uint8Array.of(22, 254, 253, 0, 0);
    // Before any check from there: dropped.
    a.handle(1, hello, PEER, LOCAL);
    expect(dataEvents(a)).toEqual([]);
    const dropped = a.stats.dropped;
    expect(dropped).toBeGreaterThan(0);
    a.handle(2, peerCheck(a, 3), PEER, LOCAL);
    const t = a.pollTransmit()!;
    expect(isStun(t.data) && decodeStun(t.data)!.class).toBe(StunClass.Success);
    a.handle(3, hello, PEER, LOCAL);
    expect(dataEvents(a)).toEqual([[22, 254, 253, 0, 0]]);
    // Another port of the same host has not checked: still dropped.
    a.handle(4, hello, { address: PEER.address, port: PEER.port + 1 }, LOCAL);
    expect(dataEvents(a)).toEqual([]);
    expect(a.stats.dropped).toBe(dropped + 1);
    // Once the answer brings the credentials, the triggered check goes out to that address.
    a.setRemoteCredentials(5, 'peerU', PWD);
    const out: Out[] = [];
    run(a, 5, 10, out);
    expect(out.length).toBe(1);
    expect(getText(out[0]!.msg, Attr.Username)).toBe(`peerU:${a.localCredentials.ufrag}`);
    expect(peerCred.verify(out[0]!.msg)).toBe(true);
  });

  it('a check with a wrong password does not open the door', () => {
    const a = agent(false);
    a.handle(1, peerCheck(a, 4, 'not-the-password-at-all!'), PEER, LOCAL);
    expect(decodeStun(a.pollTransmit()!.data)!.class).toBe(StunClass.Error);
    a.handle(2, Uint8Array.of(22, 254, 253), PEER, LOCAL);
    expect(dataEvents(a)).toEqual([]);
  });

  it('the controlled answerer: data right after the peer\'s check, before its own triggered check is answered', () => {
    const a = agent(false);
    a.addRemoteCandidate(0, peerCandidate);
    a.handle(1, peerCheck(a, 5), PEER, LOCAL);
    a.handle(2, Uint8Array.of(23, 254, 253, 1), PEER, LOCAL);
    expect(a.getPairs()[0]!.state).not.toBe('succeeded');
    expect(dataEvents(a)).toEqual([[23, 254, 253, 1]]);
  });
});

describe('which generation a check belongs to during a restart (RFC 8445 §7.2.2 USERNAME, §9)', () => {
  /** A check from `from` with USERNAME `lfrag:rfrag`, signed with `pwd` (ours of that generation). */
  function check(lfrag: string, rfrag: string, pwd: string, tid: number): Uint8Array {
    const b = new StunMessageBuilder(StunMethod.Binding, StunClass.Request, new Uint8Array(12).fill(tid));
    b.addString(Attr.Username, `${lfrag}:${rfrag}`);
    b.addUint32(Attr.Priority, 1_845_501_695);
    b.addBytes(Attr.IceControlled, new Uint8Array(8));
    new StunCredential(nodeCrypto, shortTermKey(pwd)).sign(b);
    b.addFingerprint();
    return b.build();
  }
  const classOf = (a: IceAgent) => {
    const t = a.pollTransmit();
    return t ? decodeStun(t.data)!.class : undefined;
  };

  it('our restart: old-generation checks are answered, our old ufrag with the peer\'s new one gets 401, new ones are answered', () => {
    const a = agent(true);
    const old = a.localCredentials;
    a.restart(1);
    while (a.pollEvent());
    const fresh = a.localCredentials;
    // Consent of the old generation (our old ufrag, the peer's old one): answered.
    a.handle(2, check(old.ufrag, 'peerU', old.pwd, 1), PEER, LOCAL);
    expect(classOf(a)).toBe(StunClass.Success);
    // The peer answered our restart with "peerN" and checks with our new ufrag: answered, before its answer reaches us.
    a.handle(3, check(fresh.ufrag, 'peerN', fresh.pwd, 2), PEER, LOCAL);
    expect(classOf(a)).toBe(StunClass.Success);
    // Its new candidates paired with our stale ones: our old ufrag with its new one.
    const bogus = a.stats.bogus;
    a.handle(4, check(old.ufrag, 'peerN', old.pwd, 3), { address: PEER.address, port: PEER.port + 1 }, LOCAL);
    expect(classOf(a)).toBe(StunClass.Error);
    expect(a.stats.bogus).toBe(bogus + 1);
    // The peer's answer arrives; the new generation's checks are still answered.
    a.setRemoteCredentials(5, 'peerN', 'peer-new-password-012345');
    a.handle(6, check(fresh.ufrag, 'peerN', fresh.pwd, 4), PEER, LOCAL);
    expect(classOf(a)).toBe(StunClass.Success);
  });

  it('the peer\'s restart: before we answer, its new checks use our unchanged ufrag and belong to the new generation; after, our old ufrag with its new one gets 401', () => {
    const a = agent(false);
    const old = a.localCredentials;
    a.addRemoteCandidate(0, peerCandidate);
    // A check from the peer's new generation before its offer reached us: a ufrag pair we do not hold.
    a.handle(1, check(old.ufrag, 'peerN', old.pwd, 5), PEER, LOCAL);
    expect(classOf(a)).toBe(StunClass.Error);
    a.setRemoteCredentials(2, 'peerN', 'peer-new-password-012345');
    a.handle(3, check(old.ufrag, 'peerN', old.pwd, 6), PEER, LOCAL);
    expect(classOf(a)).toBe(StunClass.Success);
    // Still the old generation's consent (old:old) is answered.
    a.handle(4, check(old.ufrag, 'peerU', old.pwd, 7), PEER, LOCAL);
    expect(classOf(a)).toBe(StunClass.Success);
    a.restart(5);
    const fresh = a.localCredentials;
    a.handle(6, check(old.ufrag, 'peerN', old.pwd, 8), PEER, LOCAL);
    expect(classOf(a)).toBe(StunClass.Error);
    a.handle(7, check(fresh.ufrag, 'peerN', fresh.pwd, 9), PEER, LOCAL);
    expect(classOf(a)).toBe(StunClass.Success);
    a.handle(8, check(old.ufrag, 'peerU', old.pwd, 10), PEER, LOCAL);
    expect(classOf(a)).toBe(StunClass.Success);
  });
});
