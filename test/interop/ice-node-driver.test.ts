/**
 * The Node driver's defaults: os.networkInterfaces() flattened for the agent,
 * and the node:dns resolver. No traffic leaves loopback.
 */
import os from 'node:os';
import { IceAgent } from '@purertc/ice';
import { seededRandom } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';
import { nodeInterfaces, nodeResolver } from './ice-node-driver';

describe('Node driver defaults', () => {
  it('flattens an os.networkInterfaces() listing (numeric families of old Node, IPv6 zones for link-local)', () => {
    const listing = {
      lo: [
        { address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' },
        { address: '::1', netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', family: 'IPv6', mac: '00:00:00:00:00:00', internal: true, cidr: '::1/128', scopeid: 0 },
      ],
      eth0: [
        { address: '10.1.2.3', netmask: '255.255.255.0', family: 4, mac: '02:00:00:00:00:01', internal: false, cidr: '10.1.2.3/24' },
        { address: 'fe80::1', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '02:00:00:00:00:01', internal: false, cidr: 'fe80::1/64', scopeid: 2 },
      ],
      down: undefined,
    } as unknown as NodeJS.Dict<os.NetworkInterfaceInfo[]>;
    expect(nodeInterfaces(listing)).toEqual([
      { name: 'lo', address: '127.0.0.1', family: 'IPv4', internal: true },
      { name: 'lo', address: '::1', family: 'IPv6', internal: true },
      { name: 'eth0', address: '10.1.2.3', family: 'IPv4', internal: false },
      { name: 'eth0', address: 'fe80::1%eth0', family: 'IPv6', internal: false },
    ]);
  });

  it("this machine's interfaces: loopback gathered only with includeLoopback", () => {
    const real = nodeInterfaces();
    expect(real).toContainEqual(expect.objectContaining({ address: '127.0.0.1', family: 'IPv4', internal: true }));
    const gather = (includeLoopback: boolean) => {
      const agent = new IceAgent({ components: { crypto: nodeCrypto, random: seededRandom(1) }, interfaces: nodeInterfaces, bind: () => 9, includeLoopback });
      agent.gather(0);
      return agent.getLocalCandidates().map((c) => c.address);
    };
    expect(gather(true)).toContain('127.0.0.1');
    expect(gather(false)).not.toContain('127.0.0.1');
    expect(gather(false)).not.toContain('::1');
  });

  it('resolves localhost through node:dns', async () => {
    const addrs = await nodeResolver('localhost');
    expect(addrs.some((a) => a === '127.0.0.1' || a === '::1')).toBe(true);
  });
});
