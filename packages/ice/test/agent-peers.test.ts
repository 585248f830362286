import { seededRandom } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';
import {
  Attr, IceAgent, StunClass, StunCredential, StunMessageBuilder, StunMethod, addXorAddress, decodeStun, getAttribute,
  getErrorCode, decodeUnknownAttributes, getText, shortTermKey,
} from '@purertc/ice';
import type { StunMessage } from '@purertc/ice';

const LOCAL = { address: '192.168.1.10', port: 5000 };
const PEER = { address: '192.168.1.20', port: 6000 };

function agent(opts: Partial<ConstructorParameters<typeof IceAgent>[0]> = {}) {
  const a = new IceAgent({
    components: { crypto: nodeCrypto, random: seededRandom(5) },
    interfaces: () => [{ name: 'eth0', address: LOCAL.address, family: 'IPv4', internal: false }],
    bind: () => LOCAL.port,
    ...opts,
  });
  return a;
}

/** A hand-written peer: signs requests/responses with its own credentials. */
function peer(ufrag = 'peerU', pwd = 'peer-password-0123456789') {
  return { ufrag, pwd, cred: new StunCredential(nodeCrypto, shortTermKey(pwd)) };
}

function request(a: IceAgent, p: ReturnType<typeof peer>, extra: (b: StunMessageBuilder) => void, tid = new Uint8Array(12).fill(9)): Uint8Array {
  const b = new StunMessageBuilder(StunMethod.Binding, StunClass.Request, tid);
  b.addString(Attr.Username, `${a.localCredentials.ufrag}:${p.ufrag}`);
  b.addUint32(Attr.Priority, 1845501695);
  extra(b);
  new StunCredential(nodeCrypto, shortTermKey(a.localCredentials.pwd)).sign(b);
  b.addFingerprint();
  return b.build();
}

function drain(a: IceAgent): StunMessage[] {
  const out: StunMessage[] = [];
  for (let t = a.pollTransmit(); t; t = a.pollTransmit()) {
    const m = decodeStun(t.data);
    if (m) out.push(m);
  }
  return out;
}

describe('ICE agent against hand-written peers', () => {
  it('an ICE-lite peer: we are controlling and nominate with USE-CANDIDATE', () => {
    const a = agent({ controlling: false, remoteIceLite: true });
    expect(a.currentRole).toBe('controlling');
    const p = peer();
    a.setRemoteCredentials(0, p.ufrag, p.pwd);
    a.gather(0);
    a.addRemoteCandidate(0, { foundation: '1', component: 1, protocol: 'udp', priority: 2130706431, address: PEER.address, port: PEER.port, type: 'host' });
    let now = 0;
    let nominated = false;
    for (let i = 0; i < 50 && !nominated; i++) {
      a.handleTimeout(now);
      for (let t = a.pollTransmit(); t; t = a.pollTransmit()) {
        const m = decodeStun(t.data)!;
        expect(m.class).toBe(StunClass.Request);
        expect(getText(m, Attr.Username)).toBe(`${p.ufrag}:${a.localCredentials.ufrag}`);
        expect(p.cred.verify(m)).toBe(true);
        expect(getAttribute(m, Attr.IceControlling)).toBeDefined();
        if (getAttribute(m, Attr.UseCandidate)) nominated = true;
        // The lite peer answers every check.
        const b = new StunMessageBuilder(StunMethod.Binding, StunClass.Success, m.transactionId);
        addXorAddress(b, Attr.XorMappedAddress, LOCAL);
        p.cred.sign(b);
        b.addFingerprint();
        a.handle(now + 1, b.build(), PEER, LOCAL);
      }
      now = a.pollTimeout() ?? now + 10;
    }
    expect(nominated).toBe(true);
    a.handleTimeout(now);
    drain(a);
    expect(a.getSelectedPair()?.remote.address).toBe(PEER.address);
    expect(['connected', 'completed']).toContain(a.state);
  });

  it('accepts aggressive nomination from a controlling peer (USE-CANDIDATE on the first check)', () => {
    const a = agent({ controlling: false });
    const p = peer();
    a.setRemoteCredentials(0, p.ufrag, p.pwd);
    a.gather(0);
    drain(a);
    a.handle(1, request(a, p, (b) => { b.addBytes(Attr.IceControlling, new Uint8Array(8).fill(0xff)); b.addFlag(Attr.UseCandidate); }), PEER, LOCAL);
    const [resp] = drain(a);
    expect(resp!.class).toBe(StunClass.Success);
    expect(decodeStun(resp!.raw) && new StunCredential(nodeCrypto, shortTermKey(a.localCredentials.pwd)).verify(resp!)).toBe(true);
    // Our triggered check goes out; the peer answers it; the pair is then selected.
    a.handleTimeout(2);
    const [check] = drain(a);
    expect(check!.class).toBe(StunClass.Request);
    expect(getAttribute(check!, Attr.UseCandidate)).toBeUndefined();
    const b = new StunMessageBuilder(StunMethod.Binding, StunClass.Success, check!.transactionId);
    addXorAddress(b, Attr.XorMappedAddress, LOCAL);
    p.cred.sign(b);
    b.addFingerprint();
    a.handle(3, b.build(), PEER, LOCAL);
    expect(a.getSelectedPair()?.remote).toMatchObject({ address: PEER.address, port: PEER.port, type: 'prflx' });
  });

  it('answers 420 with UNKNOWN-ATTRIBUTES, 401 for a bad MAC, 400 without credentials, 487 on a lost role conflict', () => {
    const a = agent({ controlling: true });
    const p = peer();
    a.setRemoteCredentials(0, p.ufrag, p.pwd);
    a.gather(0);
    drain(a);
    a.handle(1, request(a, p, (b) => { b.add(0x7123, Uint8Array.of(1)); b.addBytes(Attr.IceControlled, new Uint8Array(8)); }), PEER, LOCAL);
    let [r] = drain(a);
    expect(getErrorCode(r!)?.code).toBe(420);
    expect(decodeUnknownAttributes(getAttribute(r!, Attr.UnknownAttributes)!.value)).toEqual([0x7123]);
    const wrong = new StunMessageBuilder(StunMethod.Binding, StunClass.Request, new Uint8Array(12).fill(3));
    wrong.addString(Attr.Username, `${a.localCredentials.ufrag}:${p.ufrag}`);
    new StunCredential(nodeCrypto, shortTermKey('not-the-password')).sign(wrong);
    wrong.addFingerprint();
    a.handle(1, wrong.build(), PEER, LOCAL);
    // A corrupted message (bad FINGERPRINT) is dropped silently and counted.
    const before = a.stats.bogus;
    const flipped = request(a, p, () => {});
    flipped[30]! ^= 1;
    a.handle(1, flipped, PEER, LOCAL);
    expect(a.stats.bogus).toBe(before + 1);
    [r] = drain(a);
    expect(getErrorCode(r!)?.code).toBe(401);
    a.handle(1, new StunMessageBuilder(StunMethod.Binding, StunClass.Request, new Uint8Array(12)).build(), PEER, LOCAL);
    [r] = drain(a);
    expect(getErrorCode(r!)?.code).toBe(400);
    // Both controlling, our tie-breaker is larger than 0 → we keep the role and answer 487.
    a.handle(1, request(a, p, (b) => b.addBytes(Attr.IceControlling, new Uint8Array(8))), PEER, LOCAL);
    [r] = drain(a);
    expect(getErrorCode(r!)?.code).toBe(487);
    expect(a.currentRole).toBe('controlling');
    // A larger tie-breaker wins: we switch to controlled and answer success.
    a.handle(1, request(a, p, (b) => b.addBytes(Attr.IceControlling, new Uint8Array(8).fill(0xff))), PEER, LOCAL);
    [r] = drain(a);
    expect(r!.class).toBe(StunClass.Success);
    expect(a.currentRole).toBe('controlled');
  });

  it('a flood of bogus and of authenticated checks from many addresses keeps memory bounded and never throws', () => {
    const a = agent({ controlling: true });
    const p = peer();
    a.setRemoteCredentials(0, p.ufrag, p.pwd);
    a.gather(0);
    drain(a);
    const rnd = seededRandom(77);
    const junk = new Uint8Array(120);
    for (let i = 0; i < 8000; i++) {
      rnd(junk);
      junk[0] = 0; junk[1] = 1; junk[2] = 0; junk[3] = 100; junk[4] = 0x21; junk[5] = 0x12; junk[6] = 0xa4; junk[7] = 0x42;
      a.handle(i, junk.subarray(0, i % 120), { address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, port: 1000 + (i % 5000) }, LOCAL);
      drain(a);
    }
    expect(a.stats.bogus).toBeGreaterThan(0);
    expect(a.getRemoteCandidates().length).toBe(0);
    for (let i = 0; i < 1500; i++) {
      const tid = new Uint8Array(12);
      new DataView(tid.buffer).setUint32(0, i);
      a.handle(8000 + i, request(a, p, (b) => b.addBytes(Attr.IceControlled, new Uint8Array(8)), tid), { address: `172.16.${(i >> 8) & 255}.${i & 255}`, port: 2000 }, LOCAL);
      a.handleTimeout(8000 + i);
      drain(a);
    }
    expect(a.getRemoteCandidates().length).toBeLessThanOrEqual(64);
    expect(a.getPairs().length).toBeLessThanOrEqual(256);
    expect(a.stats.dropped).toBeGreaterThan(1400);
  });
});
