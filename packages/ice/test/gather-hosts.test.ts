/**
 * Host gathering (RFC 8445 §5.1.1.1) from injected interface lists: every
 * usable address, IPv4 and IPv6, loopback and link-local only when asked for.
 */
import { IceAgent } from '@purertc/ice';
import type { IceAgentOptions, NetworkInterfaceAddress } from '@purertc/ice';
import { seededRandom } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';

const IFS: NetworkInterfaceAddress[] = [
  { name: 'lo', address: '127.0.0.1', family: 'IPv4', internal: true },
  { name: 'lo', address: '::1', family: 'IPv6', internal: true },
  { name: 'eth0', address: '192.168.1.10', family: 'IPv4', internal: false },
  { name: 'eth0', address: 'fe80::a00:27ff:fe4e:66a1%eth0', family: 'IPv6', internal: false },
  { name: 'eth0', address: '2001:DB8:0:0::10', family: 'IPv6', internal: false },
  { name: 'docker0', address: '172.17.0.1', family: 'IPv4', internal: false },
  { name: 'eth1', address: '169.254.3.4', family: 'IPv4', internal: false },
  { name: 'eth0:1', address: '192.168.1.10', family: 'IPv4', internal: false }, // duplicate
  { name: 'bogus', address: 'not-an-ip', family: 'IPv4', internal: false },
  { name: 'weird', address: '0.0.0.0', family: 'IPv4', internal: false },
  { name: 'weird', address: '224.0.0.251', family: 'IPv4', internal: false },
  { name: 'weird', address: '::ffff:10.0.0.1', family: 'IPv6', internal: false },
];

function hosts(opts: Partial<IceAgentOptions>, ifs: NetworkInterfaceAddress[] = IFS) {
  const bound: string[] = [];
  let port = 4000;
  const agent = new IceAgent({
    components: { crypto: nodeCrypto, random: seededRandom(1) },
    interfaces: () => ifs,
    bind: (address) => {
      bound.push(address);
      return port++;
    },
    ...opts,
  });
  agent.gather(0);
  return { agent, bound, cands: agent.getLocalCandidates() };
}

describe('host candidates from the injected interface list', () => {
  it('by default: every usable non-loopback, non-link-local address, IPv4 and IPv6, once each', () => {
    const { cands, bound } = hosts({});
    expect(cands.map((c) => c.address).sort()).toEqual(['172.17.0.1', '192.168.1.10', '2001:db8::10'].sort());
    expect(cands.every((c) => c.type === 'host' && c.protocol === 'udp' && c.component === 1)).toBe(true);
    expect(bound).toEqual(['192.168.1.10', '2001:DB8:0:0::10', '172.17.0.1']);
  });

  it('includeLoopback adds 127.0.0.1 and ::1 (by range or the internal flag)', () => {
    const { cands } = hosts({ includeLoopback: true });
    expect(cands.map((c) => c.address)).toEqual(expect.arrayContaining(['127.0.0.1', '::1']));
    expect(cands).toHaveLength(5);
    // An interface flagged internal is loopback even with a routable-looking address.
    const { cands: c2 } = hosts({}, [{ name: 'tun', address: '10.9.9.9', family: 'IPv4', internal: true }]);
    expect(c2).toEqual([]);
  });

  it('includeLinkLocal adds fe80:: (bound with its zone, announced without) and 169.254/16', () => {
    const { cands, bound } = hosts({ includeLinkLocal: true });
    expect(cands.map((c) => c.address)).toEqual(expect.arrayContaining(['fe80::a00:27ff:fe4e:66a1', '169.254.3.4']));
    expect(bound).toContain('fe80::a00:27ff:fe4e:66a1%eth0');
    expect(cands).toHaveLength(5);
  });

  it('ipv6: false keeps IPv4 only; an address bind refuses is skipped', () => {
    expect(hosts({ ipv6: false }).cands.map((c) => c.address).sort()).toEqual(['172.17.0.1', '192.168.1.10']);
    const agent = new IceAgent({
      components: { crypto: nodeCrypto, random: seededRandom(2) },
      interfaces: () => IFS,
      bind: (a) => (a === '172.17.0.1' ? undefined : 5000),
    });
    agent.gather(0);
    expect(agent.getLocalCandidates().map((c) => c.address).sort()).toEqual(['192.168.1.10', '2001:db8::10']);
  });

  it('priorities: IPv6 above IPv4, then list order; all distinct; foundations per base address', () => {
    const { cands } = hosts({ includeLoopback: true, includeLinkLocal: true });
    const prio = new Map(cands.map((c) => [c.address, c.priority]));
    expect(prio.get('2001:db8::10')!).toBeGreaterThan(prio.get('192.168.1.10')!);
    expect(prio.get('::1')!).toBeGreaterThan(prio.get('127.0.0.1')!);
    expect(prio.get('192.168.1.10')!).toBeGreaterThan(prio.get('172.17.0.1')!);
    expect(new Set(cands.map((c) => c.priority)).size).toBe(cands.length);
    expect(new Set(cands.map((c) => c.foundation)).size).toBe(cands.length);
  });

  it('a throwing or garbage interface listing gathers nothing and does not throw', () => {
    const agent = new IceAgent({ components: { crypto: nodeCrypto, random: seededRandom(3) }, interfaces: () => { throw new Error('EPERM'); }, bind: () => 1 });
    agent.gather(0);
    expect(agent.getLocalCandidates()).toEqual([]);
    expect(agent.gatheringState).toBe('complete');
    const junk = [null, {}, { address: 42 }] as unknown as NetworkInterfaceAddress[];
    expect(hosts({}, junk).cands).toEqual([]);
  });
});
