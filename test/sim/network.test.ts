import { SimNetwork, Simulation } from './network';
import type { Datagram, NatType } from './network';

function net2(type: NatType) {
  const net = new SimNetwork(1);
  const nat = net.addNat('198.51.100.1', type);
  const inside: Datagram[] = [];
  const outside: Datagram[] = [];
  net.addHost('10.0.0.2', (_t, d) => inside.push(d), nat);
  net.addHost('203.0.113.5', (_t, d) => outside.push(d));
  net.addHost('203.0.113.6', (_t, d) => outside.push(d));
  return { net, inside, outside };
}

describe('simulated network', () => {
  it.each([
    ['full-cone', [true, true, true]],
    ['address-restricted', [true, true, false]],
    ['port-restricted', [true, false, false]],
    ['symmetric', [true, false, false]],
  ] as [NatType, boolean[]][])('%s NAT filters inbound traffic as RFC 4787 describes', (type, expected) => {
    const { net, inside, outside } = net2(type);
    net.send({ address: '10.0.0.2', port: 5000 }, { address: '203.0.113.5', port: 80 }, Uint8Array.of(1));
    net.deliver(0);
    const mapped = outside[0]!.from;
    expect(mapped.address).toBe('198.51.100.1');
    // Same address+port, same address other port, other address.
    net.send({ address: '203.0.113.5', port: 80 }, mapped, Uint8Array.of(2));
    net.send({ address: '203.0.113.5', port: 81 }, mapped, Uint8Array.of(3));
    net.send({ address: '203.0.113.6', port: 80 }, mapped, Uint8Array.of(4));
    net.deliver(0);
    expect([2, 3, 4].map((n) => inside.some((d) => d.data[0] === n))).toEqual(expected);
    expect(inside.every((d) => d.to.address === '10.0.0.2' && d.to.port === 5000)).toBe(true);
    // Mapping behaviour: a second destination reuses the mapping except on a symmetric NAT.
    net.send({ address: '10.0.0.2', port: 5000 }, { address: '203.0.113.6', port: 80 }, Uint8Array.of(5));
    net.deliver(0);
    expect(outside.at(-1)!.from.port === mapped.port).toBe(type !== 'symmetric');
  });

  it('is deterministic per seed: loss, duplication, delay and reordering', () => {
    const run = (seed: number) => {
      const net = new SimNetwork(seed);
      net.conditions = { loss: 0.2, duplicate: 0.1, delay: 10, jitter: 20, reorder: 0.2 };
      const got: [number, number][] = [];
      net.addHost('10.0.0.1', () => {});
      net.addHost('10.0.0.2', (t, d) => got.push([Math.round(t), d.data[0]!]));
      for (let i = 0; i < 100; i++) net.send({ address: '10.0.0.1', port: 1 }, { address: '10.0.0.2', port: 2 }, Uint8Array.of(i));
      const sim = new Simulation(net);
      sim.runFor(1000);
      return { got, stats: { ...net.stats } };
    };
    const a = run(5);
    expect(run(5)).toEqual(a);
    expect(run(6)).not.toEqual(a);
    expect(a.stats.lost).toBeGreaterThan(5);
    expect(a.stats.duplicated).toBeGreaterThan(0);
    const order = a.got.map((x) => x[1]);
    expect(order).not.toEqual([...order].sort((x, y) => x - y));
    expect(a.got.every(([t]) => t >= 10 && t <= 50)).toBe(true);
  });

  it('blocks hosts, counts unroutable traffic and keeps its log bounded', () => {
    const net = new SimNetwork(2);
    net.logLimit = 50;
    const got: number[] = [];
    net.addHost('10.0.0.1', () => {});
    net.addHost('10.0.0.2', (_t, d) => got.push(d.data[0]!));
    net.setBlocked('10.0.0.2', true);
    net.send({ address: '10.0.0.1', port: 1 }, { address: '10.0.0.2', port: 2 }, Uint8Array.of(1));
    net.setBlocked('10.0.0.2', false);
    net.send({ address: '10.0.0.1', port: 1 }, { address: '10.0.0.2', port: 2 }, Uint8Array.of(2));
    net.send({ address: '10.0.0.1', port: 1 }, { address: '192.0.2.99', port: 2 }, Uint8Array.of(3));
    for (let i = 0; i < 100; i++) net.send({ address: '10.0.0.1', port: 1 }, { address: '10.0.0.2', port: 2 }, Uint8Array.of(9));
    net.deliver(1);
    expect(got.slice(0, 1)).toEqual([2]);
    expect(net.stats.unroutable).toBe(2);
    expect(net.log.length).toBe(50);
  });
});
