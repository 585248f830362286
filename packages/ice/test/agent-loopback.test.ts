/**
 * A loopback base talks only to loopback peers (RFC 1122 §3.2.1.3, RFC 4291 §2.5.3):
 * no pair across the boundary, and a check arriving across it is not answered, so a
 * peer (Chromium does this from its other interfaces) never validates or nominates a
 * pair we cannot use.
 */
import { seededRandom } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';
import { Attr, IceAgent, StunClass, StunCredential, StunMessageBuilder, StunMethod, decodeStun, shortTermKey } from '@purertc/ice';
import type { IceCandidate } from '@purertc/ice';

const PWD = 'peer-password-0123456789';
const LOCAL = { address: '127.0.0.1', port: 5000 };

function loopbackAgent(): IceAgent {
  const a = new IceAgent({
    components: { crypto: nodeCrypto, random: seededRandom(7) },
    controlling: false,
    includeLoopback: true,
    interfaces: () => [{ name: 'lo', address: LOCAL.address, family: 'IPv4', internal: true }],
    bind: () => LOCAL.port,
  });
  a.setRemoteCredentials(0, 'peerU', PWD);
  a.gather(0);
  while (a.pollEvent());
  return a;
}

function check(a: IceAgent, tid: number): Uint8Array {
  const b = new StunMessageBuilder(StunMethod.Binding, StunClass.Request, new Uint8Array(12).fill(tid));
  b.addString(Attr.Username, `${a.localCredentials.ufrag}:peerU`);
  b.addUint32(Attr.Priority, 1_845_501_695);
  b.addBytes(Attr.IceControlling, new Uint8Array(8).fill(0xff));
  new StunCredential(nodeCrypto, shortTermKey(a.localCredentials.pwd)).sign(b);
  b.addFingerprint();
  return b.build();
}

const host = (address: string, port: number): IceCandidate => ({ foundation: address, component: 1, protocol: 'udp', priority: 2_000_000_000, address, port, type: 'host' });

describe('loopback boundary', () => {
  it('a check from a non-loopback address to a loopback base is not answered and learns no candidate', () => {
    const a = loopbackAgent();
    const dropped = a.stats.dropped;
    a.handle(1, check(a, 1), { address: '192.0.2.2', port: 46207 }, LOCAL);
    expect(a.pollTransmit()).toBeUndefined();
    expect(a.stats.dropped).toBe(dropped + 1);
    expect(a.stats.checksReceived).toBe(0);
  });

  it('the same check from a loopback address is answered', () => {
    const a = loopbackAgent();
    a.handle(1, check(a, 2), { address: '127.0.0.1', port: 46207 }, LOCAL);
    const t = a.pollTransmit()!;
    expect(decodeStun(t.data)!.class).toBe(StunClass.Success);
    expect(t.to).toEqual(expect.objectContaining({ address: '127.0.0.1', port: 46207 }));
  });

  it('remote candidates across the boundary make no pair, so no check is ever sent to them', () => {
    const a = loopbackAgent();
    a.addRemoteCandidate(1, host('192.0.2.7', 7000));
    a.addRemoteCandidate(1, host('127.0.0.1', 7001));
    const sentTo = new Set<string>();
    for (let now = 1; now < 3000; now += 10) {
      a.handleTimeout(now);
      for (let t = a.pollTransmit(); t; t = a.pollTransmit()) sentTo.add(t.to!.address);
    }
    expect(sentTo.has('192.0.2.7')).toBe(false);
    expect(sentTo.has('127.0.0.1')).toBe(true);
  });
});
