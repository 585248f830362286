import { seededRandom } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';
import { Attr, PasswordAlgorithm, TurnClient, decodeStun, getAttribute } from '@purertc/ice';
import type { TurnEvent } from '@purertc/ice';
import { SimNetwork, Simulation } from '../../../test/sim/network';
import { SimTurnServer } from '../../../test/sim/stun-turn-server';

function world(password = 'pass', lifetime = 600, passwordAlgorithms?: number[]) {
  const net = new SimNetwork(7);
  net.conditions = { delay: 5 };
  const sim = new Simulation(net);
  const server = new SimTurnServer({ ip: '203.0.113.1', ...(passwordAlgorithms ? { passwordAlgorithms } : {}) });
  server.attach(net);
  const client = new TurnClient({ components: { crypto: nodeCrypto, random: seededRandom(1) }, server: { address: '203.0.113.1', port: 3478 }, username: 'user', password, lifetime });
  const events: { t: number; e: TurnEvent }[] = [];
  const peerGot: { from: string; data: number[] }[] = [];
  net.addHost('192.168.0.2', (now, d) => { client.handle(now, d.data); });
  net.addHost('198.51.100.9', (_now, d) => { peerGot.push({ from: `${d.from.address}:${d.from.port}`, data: Array.from(d.data) }); });
  sim.add({
    pollTimeout: () => client.pollTimeout(),
    handleTimeout: (now) => client.handleTimeout(now),
    flush: (now) => {
      for (let t = client.pollTransmit(); t; t = client.pollTransmit()) net.send({ address: '192.168.0.2', port: 4000 }, t.to!, t.data);
      for (let e = client.pollEvent(); e; e = client.pollEvent()) events.push({ t: now, e });
    },
  });
  return { net, sim, server, client, events, peerGot };
}

describe('TURN client (RFC 8656) against the simulated server', () => {
  it('allocates after the 401 dance, relays both ways with Send/Data then ChannelData, deallocates on close', () => {
    const { net, sim, server, client, events, peerGot } = world();
    client.allocate(0);
    expect(sim.runUntil(() => client.allocated, 2000)).toBe(true);
    expect(server.stats.rejected401).toBe(1);
    expect(client.relayed).toEqual({ address: '203.0.113.1', port: 50000, family: 'IPv4' });
    expect(client.mapped?.address).toBe('192.168.0.2');
    const peer = { address: '198.51.100.9', port: 7000 };
    client.createPermission(net.now, peer.address);
    sim.runFor(100);
    expect(client.hasPermission(peer.address)).toBe(true);
    client.send(net.now, peer, Uint8Array.of(1, 2));
    sim.runFor(100);
    expect(peerGot).toEqual([{ from: '203.0.113.1:50000', data: [1, 2] }]);
    net.send(peer, { address: '203.0.113.1', port: 50000 }, Uint8Array.of(3));
    sim.runFor(100);
    expect(events.filter((x) => x.e.type === 'data').map((x) => x.e)).toEqual([{ type: 'data', peer: { ...peer, family: 'IPv4' }, data: Uint8Array.of(3), viaChannel: false }]);
    const ch = client.bindChannel(net.now, peer);
    expect(ch).toBe(0x4000);
    sim.runFor(100);
    expect(client.channelFor(peer)).toBe(0x4000);
    client.send(net.now, peer, Uint8Array.of(4));
    net.send(peer, { address: '203.0.113.1', port: 50000 }, Uint8Array.of(5));
    sim.runFor(100);
    expect(server.stats.channelData).toBe(1);
    expect(peerGot.at(-1)).toEqual({ from: '203.0.113.1:50000', data: [4] });
    expect(events.filter((x) => x.e.type === 'data').at(-1)!.e).toMatchObject({ viaChannel: true, data: Uint8Array.of(5) });
    client.close(net.now);
    sim.runFor(100);
    expect(client.state).toBe('closed');
    expect(server.allocationCount).toBe(0);
  });

  it('refreshes the allocation, permissions and channels in time, and survives a stale nonce (438)', () => {
    const { net, sim, server, client } = world('pass', 300);
    client.allocate(0);
    sim.runUntil(() => client.allocated, 2000);
    const peer = { address: '198.51.100.9', port: 7000 };
    client.createPermission(net.now, peer.address);
    client.bindChannel(net.now, peer);
    sim.runFor(1000);
    server.rotateNonce();
    sim.runFor(30 * 60 * 1000); // half an hour of virtual time
    expect(client.state).toBe('allocated');
    // 300 s allocation refreshed every 240 s; permissions every 240 s; channels every 540 s.
    expect(server.stats.refresh).toBeGreaterThanOrEqual(7);
    expect(server.stats.permission).toBeGreaterThanOrEqual(7);
    expect(server.stats.channelBind).toBeGreaterThanOrEqual(4);
    expect(server.stats.rejected438).toBe(1);
    net.send(peer, { address: '203.0.113.1', port: 50000 }, Uint8Array.of(6));
    sim.runFor(100);
    expect(server.stats.relayedToClient).toBe(1);
  });

  it('RFC 8489 password algorithms: picks SHA-256 from PASSWORD-ALGORITHMS behind the nonce cookie, signs with MESSAGE-INTEGRITY-SHA256, survives 438', () => {
    const { net, sim, server, client } = world('pass', 600, [PasswordAlgorithm.SHA256, PasswordAlgorithm.MD5]);
    const sent: Uint8Array[] = [];
    const origPoll = client.pollTransmit.bind(client);
    client.pollTransmit = () => {
      const t = origPoll();
      if (t) sent.push(t.data.slice());
      return t;
    };
    client.allocate(0);
    expect(sim.runUntil(() => client.allocated, 2000)).toBe(true);
    const signed = sent.map((d) => decodeStun(d)!).filter((m) => getAttribute(m, Attr.Username));
    expect(signed.length).toBeGreaterThan(0);
    for (const m of signed) {
      expect(Array.from(getAttribute(m, Attr.PasswordAlgorithm)!.value)).toEqual([0, 2, 0, 0]);
      expect(Array.from(getAttribute(m, Attr.PasswordAlgorithms)!.value)).toEqual([0, 2, 0, 0, 0, 1, 0, 0]);
      expect(getAttribute(m, Attr.MessageIntegritySha256)).toBeDefined();
      expect(getAttribute(m, Attr.MessageIntegrity)).toBeUndefined();
    }
    expect(server.stats.rejected400).toBe(0);
    server.rotateNonce();
    const peer = { address: '198.51.100.9', port: 7000 };
    client.createPermission(net.now, peer.address);
    sim.runFor(1000);
    expect(client.hasPermission(peer.address)).toBe(true);
    expect(server.stats.rejected438).toBe(1);
    expect(server.stats.sha256).toBe(2); // the Allocate and the CreatePermission retried after the 438
    client.close(net.now);
    sim.runFor(1000);
    expect(server.allocationCount).toBe(0);
  });

  it('MD5 first in the server list: the MD5 key, still behind MESSAGE-INTEGRITY-SHA256', () => {
    const { sim, server, client } = world('pass', 600, [PasswordAlgorithm.MD5, PasswordAlgorithm.SHA256]);
    client.allocate(0);
    expect(sim.runUntil(() => client.allocated, 2000)).toBe(true);
    expect(server.stats.sha256).toBe(1);
  });

  it('refresh timing: allocation a minute before expiry, permissions every 4 min, channels every 9 min', () => {
    const { net, sim, client } = world('pass', 600);
    const times: Record<string, number[]> = { refresh: [], permission: [], channel: [] };
    const origPoll = client.pollTransmit.bind(client);
    client.pollTransmit = () => {
      const t = origPoll();
      const m = t && decodeStun(t.data);
      if (m && getAttribute(m, Attr.Username)) {
        const kind = m.method === 0x004 ? 'refresh' : m.method === 0x008 ? 'permission' : m.method === 0x009 ? 'channel' : undefined;
        if (kind) times[kind]!.push(net.now);
      }
      return t;
    };
    client.allocate(0);
    sim.runUntil(() => client.allocated, 2000);
    const t0 = net.now;
    const peer = { address: '198.51.100.9', port: 7000 };
    client.createPermission(t0, peer.address);
    client.bindChannel(t0, peer);
    sim.runFor(20 * 60 * 1000);
    const gaps = (xs: number[]) => xs.slice(1).map((x, i) => Math.round((x - xs[i]!) / 1000));
    // 600 s allocations refreshed at 540 s; RFC 8656 §9 permissions (300 s) at 240 s; §12 channels (600 s) at 540 s.
    expect(Math.round((times.refresh![0]! - t0) / 1000)).toBe(540);
    expect(gaps(times.refresh!)).toEqual([540]);
    // A ChannelBind refreshes the peer's permission too (RFC 8656 §12.2), so the next CreatePermission may come later;
    // the permission is never older than 240 s (lifetime 300 s) and never refreshed more often than every 240 s.
    expect(gaps(times.permission!).every((g) => g >= 240)).toBe(true);
    expect(gaps([t0, ...[...times.permission!, ...times.channel!].sort((x, y) => x - y)]).every((g) => g <= 240)).toBe(true);
    expect(times.permission!.length).toBeGreaterThanOrEqual(4);
    expect(gaps(times.channel!)).toEqual([540, 540]);
    expect(client.state).toBe('allocated');
  });

  it('reports wrong credentials as a fatal icecandidateerror-like error', () => {
    const { sim, client, events } = world('nope');
    client.allocate(0);
    sim.runFor(5000);
    expect(client.state).toBe('failed');
    const err = events.find((x) => x.e.type === 'error')!.e;
    expect(err).toMatchObject({ type: 'error', fatal: true, error: { url: 'turn:203.0.113.1:3478?transport=udp', errorCode: 401, address: null, port: null } });
  });

  it('times out against a dead server with error 701', () => {
    const { net, sim, client, events } = world();
    net.setBlocked('203.0.113.1', true);
    client.allocate(0);
    sim.runFor(60000);
    expect(client.state).toBe('failed');
    expect(events.find((x) => x.e.type === 'error')!.e).toMatchObject({ error: { errorCode: 701 } });
  });

  it('frames TCP streams: padded ChannelData, split and coalesced chunks', () => {
    const c = new TurnClient({ components: { crypto: nodeCrypto, random: seededRandom(2) }, server: { address: '203.0.113.1', port: 3478 }, username: 'u', password: 'p', transport: 'tcp' });
    c.allocate(0);
    const req = c.pollTransmit()!;
    expect(c.pollTimeout()).toBe(39500); // reliable: one send, Ti
    c.handleTimeout(1000);
    expect(c.pollTransmit()).toBeUndefined();
    expect(req.data.length % 4).toBe(0);
    // Garbage on the stream is fatal for framing, reported as an error.
    c.handle(10, Uint8Array.of(0xff, 0, 0, 0));
    expect(c.state).toBe('failed');
  });
});
