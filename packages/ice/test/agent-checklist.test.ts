/**
 * The checklist of a controlling full agent against a hand-written peer
 * (RFC 8445 §6.1.2 forming, freezing and ordering pairs, §6.1.4.2 Ta
 * pacing, §8.1.1 regular nomination) and the MESSAGE-INTEGRITY-SHA256
 * form of a check (RFC 8489 §9.1).
 */
import { seededRandom } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';
import {
  Attr, IceAgent, StunClass, StunCredential, StunMessageBuilder, StunMethod, addXorAddress, decodeStun, getAttribute,
  getErrorCode, getXorAddress, shortTermKey,
} from '@purertc/ice';
import type { IceCandidate, StunMessage } from '@purertc/ice';

const LOCAL = { address: '192.168.1.10', port: 5000 };
const PWD = 'peer-password-0123456789';
const peerCred = new StunCredential(nodeCrypto, shortTermKey(PWD));

function remote(n: number, foundation: string, priority: number): IceCandidate {
  return { foundation, component: 1, protocol: 'udp', priority, address: `192.168.1.${20 + n}`, port: 6000 + n, type: 'host' };
}

function controllingAgent(extra: Partial<ConstructorParameters<typeof IceAgent>[0]> = {}) {
  const a = new IceAgent({
    components: { crypto: nodeCrypto, random: seededRandom(11) },
    controlling: true,
    interfaces: () => [{ name: 'eth0', address: LOCAL.address, family: 'IPv4', internal: false }],
    bind: () => LOCAL.port,
    ...extra,
  });
  a.setRemoteCredentials(0, 'peerU', PWD);
  a.gather(0);
  while (a.pollEvent());
  return a;
}

interface Sent { t: number; to: string; msg: StunMessage }

/** Runs the agent's timers until `until`, collecting every check it sends. */
function run(a: IceAgent, from: number, until: number, out: Sent[], answer?: (s: Sent) => boolean): number {
  let now = from;
  for (let i = 0; i < 10_000; i++) {
    a.handleTimeout(now);
    for (let t = a.pollTransmit(); t; t = a.pollTransmit()) {
      const s = { t: now, to: `${t.to!.address}:${t.to!.port}`, msg: decodeStun(t.data)! };
      out.push(s);
      if (answer?.(s)) {
        const b = new StunMessageBuilder(StunMethod.Binding, StunClass.Success, s.msg.transactionId);
        addXorAddress(b, Attr.XorMappedAddress, LOCAL);
        peerCred.sign(b);
        b.addFingerprint();
        a.handle(now + 1, b.build(), { address: t.to!.address, port: t.to!.port }, LOCAL);
      }
    }
    const next = a.pollTimeout();
    if (next === undefined || next > until) return until;
    now = Math.max(next, now);
  }
  return now;
}

const key = (s: Sent) => Array.from(s.msg.transactionId).join(',');

describe('checklist of a controlling agent (RFC 8445 §6.1.2, §6.1.4.2, §8.1.1)', () => {
  it('orders pairs by priority, freezes all but one pair per foundation, paces new checks by Ta and nominates only after success', () => {
    const a = controllingAgent({ ta: 50 });
    // Two remote candidates share foundation "F"; the others have their own.
    a.addRemoteCandidate(0, remote(1, 'F', 2_000_000_000));
    a.addRemoteCandidate(0, remote(2, 'F', 1_900_000_000));
    a.addRemoteCandidate(0, remote(3, 'G', 2_100_000_000));
    a.addRemoteCandidate(0, remote(4, 'H', 1_000_000_000));
    const states = a.getPairs().map((p) => [p.remote.port, p.state]);
    // Sorted by pair priority; the second pair of foundation F starts frozen (§6.1.2.6).
    expect(states).toEqual([[6003, 'waiting'], [6001, 'waiting'], [6002, 'frozen'], [6004, 'waiting']]);

    const sent: Sent[] = [];
    run(a, 0, 400, sent);
    const checks = sent.filter((s) => s.msg.class === StunClass.Request);
    // First sends only (retransmissions reuse the transaction id).
    const firsts: Sent[] = [];
    const seen = new Set<string>();
    for (const s of checks) if (!seen.has(key(s))) { seen.add(key(s)); firsts.push(s); }
    expect(firsts.map((s) => s.to)).toEqual(['192.168.1.23:6003', '192.168.1.21:6001', '192.168.1.24:6004', '192.168.1.22:6002']);
    // Ta pacing: one new check (or retransmission slot) per 50 ms at most.
    for (let i = 1; i < firsts.length; i++) expect(firsts[i]!.t - firsts[i - 1]!.t).toBeGreaterThanOrEqual(50);
    // Regular nomination: no USE-CANDIDATE before any pair succeeded.
    expect(checks.every((s) => getAttribute(s.msg, Attr.UseCandidate) === undefined)).toBe(true);
    // Every check is signed for the peer, carries PRIORITY and our tie-breaker.
    for (const s of checks) {
      expect(peerCred.verify(s.msg)).toBe(true);
      expect(getAttribute(s.msg, Attr.Priority)).toBeDefined();
      expect(getAttribute(s.msg, Attr.IceControlling)!.value.length).toBe(8);
    }
  });

  it('a lower pair succeeding first: waits nominationDelay for better ones, then nominates the best valid pair', () => {
    const a = controllingAgent({ ta: 50, nominationDelay: 200 });
    a.addRemoteCandidate(0, remote(3, 'G', 2_100_000_000));
    a.addRemoteCandidate(0, remote(1, 'F', 2_000_000_000));
    const sent: Sent[] = [];
    // Only the lower pair (6001) answers.
    const t = run(a, 0, 1000, sent, (s) => s.to.endsWith(':6001') && s.msg.class === StunClass.Request);
    const firstAnswer = sent.find((s) => s.to.endsWith(':6001'))!.t;
    const nomination = sent.find((s) => getAttribute(s.msg, Attr.UseCandidate) !== undefined)!;
    expect(nomination.to).toBe('192.168.1.21:6001');
    expect(nomination.t - firstAnswer).toBeGreaterThanOrEqual(200);
    expect(nomination.t - firstAnswer).toBeLessThan(260);
    expect(a.getSelectedPair()?.remote.port).toBe(6001);
    expect(t).toBe(1000);
  });

  it('the best pair succeeding first is nominated at once', () => {
    const a = controllingAgent({ ta: 50, nominationDelay: 200 });
    a.addRemoteCandidate(0, remote(3, 'G', 2_100_000_000));
    a.addRemoteCandidate(0, remote(1, 'F', 2_000_000_000));
    const sent: Sent[] = [];
    run(a, 0, 300, sent, (s) => s.to.endsWith(':6003'));
    const first = sent.find((s) => s.to.endsWith(':6003'))!;
    const nomination = sent.find((s) => getAttribute(s.msg, Attr.UseCandidate) !== undefined)!;
    expect(nomination.to).toBe('192.168.1.23:6003');
    expect(nomination.t - first.t).toBeLessThan(60);
    expect(a.getSelectedPair()?.remote.port).toBe(6003);
  });
});

describe('MESSAGE-INTEGRITY-SHA256 in checks (RFC 8489 §9.1.3, §14.6)', () => {
  it('a check signed only with MESSAGE-INTEGRITY-SHA256 is accepted and answered in the same form; a bad one gets 401', () => {
    const a = controllingAgent();
    const local = new StunCredential(nodeCrypto, shortTermKey(a.localCredentials.pwd));
    const from = { address: '192.168.1.30', port: 7000 };
    const check = (cred: StunCredential) => {
      const b = new StunMessageBuilder(StunMethod.Binding, StunClass.Request, new Uint8Array(12).fill(7));
      b.addString(Attr.Username, `${a.localCredentials.ufrag}:peerU`);
      b.addUint32(Attr.Priority, 1845501695);
      b.addBytes(Attr.IceControlled, new Uint8Array(8));
      cred.sign(b, { sha1: false, sha256: true });
      b.addFingerprint();
      return b.build();
    };
    a.handle(1, check(local), from, LOCAL);
    const t = a.pollTransmit()!;
    const r = decodeStun(t.data)!;
    expect(r.class).toBe(StunClass.Success);
    expect(getAttribute(r, Attr.MessageIntegritySha256)).toBeDefined();
    expect(getAttribute(r, Attr.MessageIntegrity)).toBeUndefined();
    expect(local.verify(r)).toBe(true);
    expect(getXorAddress(r, Attr.XorMappedAddress)).toMatchObject(from);
    // The peer became a peer-reflexive remote candidate.
    expect(a.getRemoteCandidates()).toEqual([expect.objectContaining({ address: from.address, port: from.port, type: 'prflx' })]);
    while (a.pollTransmit());
    a.handle(2, check(new StunCredential(nodeCrypto, shortTermKey('wrong-password-wrong-pw'))), from, LOCAL);
    const e = decodeStun(a.pollTransmit()!.data)!;
    expect(e.class).toBe(StunClass.Error);
    expect(getErrorCode(e)?.code).toBe(401);
    // Our own checks use MESSAGE-INTEGRITY (HMAC-SHA1), which every ICE peer verifies (RFC 8445 §7.2.2).
    a.addRemoteCandidate(3, remote(1, 'F', 2_000_000_000));
    const sent: Sent[] = [];
    run(a, 3, 10, sent);
    const ours = sent.find((s) => s.msg.class === StunClass.Request)!;
    expect(getAttribute(ours.msg, Attr.MessageIntegrity)).toBeDefined();
  });
});
