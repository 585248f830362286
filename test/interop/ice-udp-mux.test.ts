import { performance } from 'node:perf_hooks';
import { nodeCrypto, nodeRandom } from '@purertc/common/node-crypto';
import { Attr, IceAgent, IceUdpMux, StunClass, StunMessageBuilder, StunMethod } from '@purertc/ice';
import { NodeIceDriver, bindUdp } from './ice-node-driver';

describe('UDP mux: many agents on one socket', () => {
  it('serves 20 clients from one server socket, each to its own agent', async () => {
    const serverSocket = await bindUdp('127.0.0.1');
    const local = { address: '127.0.0.1', port: serverSocket.address().port };
    const mux = new IceUdpMux(local);
    const servers: IceAgent[] = [];
    const timers = new Map<IceAgent, NodeJS.Timeout>();
    const pumpServer = (agent: IceAgent) => {
      mux.drain(agent, (t) => serverSocket.send(t.data, t.to!.port, t.to!.address));
      for (let e = agent.pollEvent(); e; e = agent.pollEvent()) {
        if (e.type === 'data') agent.send(performance.now(), e.data); // echo
      }
      mux.drain(agent, (t) => serverSocket.send(t.data, t.to!.port, t.to!.address));
      clearTimeout(timers.get(agent));
      const next = agent.pollTimeout();
      if (next !== undefined) timers.set(agent, setTimeout(() => { agent.handleTimeout(performance.now()); pumpServer(agent); }, Math.max(0, next - performance.now())));
    };
    serverSocket.on('message', (m, r) => {
      const agent = mux.handle(performance.now(), m, { address: r.address, port: r.port });
      if (agent) pumpServer(agent);
    });
    const clients: NodeIceDriver[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        const server = new IceAgent({
          components: { crypto: nodeCrypto, random: nodeRandom }, controlling: false, includeLoopback: true,
          interfaces: () => [{ name: 'lo', address: '127.0.0.1', family: 'IPv4', internal: true }], bind: mux.bind,
        });
        mux.register(server);
        servers.push(server);
        const client = new NodeIceDriver(await bindUdp('127.0.0.1'), { controlling: true });
        clients.push(client);
        const now = performance.now();
        server.setRemoteCredentials(now, client.agent.localCredentials.ufrag, client.agent.localCredentials.pwd);
        client.agent.setRemoteCredentials(now, server.localCredentials.ufrag, server.localCredentials.pwd);
        server.gather(now);
        client.agent.gather(now);
        // The server's only candidate is the shared socket; the client trickles nothing (learnt as prflx).
        for (const c of server.getLocalCandidates()) client.agent.addRemoteCandidate(now, c);
        expect(server.getLocalCandidates()[0]!.port).toBe(local.port);
        client.pump();
        pumpServer(server);
      }
      expect(mux.size).toBe(20);
      await Promise.all(clients.map((c) => c.until(() => c.agent.state === 'connected' || c.agent.state === 'completed')));
      // Each client gets its own echo back.
      await Promise.all(clients.map(async (c, i) => {
        const got = c.until((e) => e?.type === 'data');
        c.agent.send(performance.now(), Uint8Array.of(i));
        c.pump();
        await got;
        const d = c.events.find((e) => e.type === 'data');
        expect(d?.type === 'data' && d.data[0]).toBe(i);
      }));
      expect(servers.every((s) => s.state === 'connected' || s.state === 'completed')).toBe(true);
    } finally {
      for (const t of timers.values()) clearTimeout(t);
      for (const s of servers) s.close(performance.now());
      await Promise.all(clients.map((c) => c.close()));
      await new Promise<void>((r) => serverSocket.close(() => r()));
    }
  });

  it('ignores datagrams nobody claimed and bounds its address table', () => {
    const mux = new IceUdpMux({ address: '127.0.0.1', port: 1 }, { maxAddresses: 10 });
    const agent = new IceAgent({ components: { crypto: nodeCrypto, random: nodeRandom } });
    mux.register(agent);
    const ufrag = agent.localCredentials.ufrag;
    for (let i = 0; i < 100; i++) {
      const req = new StunMessageBuilder(StunMethod.Binding, StunClass.Request, new Uint8Array(12).fill(i)).addString(Attr.Username, `${ufrag}:peer`).build();
      expect(mux.route(req, { address: '10.0.0.1', port: i })).toBe(agent);
    }
    expect(mux.route(Uint8Array.of(1), { address: '10.0.0.1', port: 99 })).toBe(agent);
    expect(mux.route(Uint8Array.of(1), { address: '10.0.0.1', port: 0 })).toBeUndefined();
    expect(mux.handle(0, Uint8Array.of(1, 2), { address: '192.0.2.1', port: 5 })).toBeUndefined();
    expect(mux.unrouted).toBe(1);
  });
});
