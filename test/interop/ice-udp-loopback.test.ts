import { performance } from 'node:perf_hooks';
import { Attr, StunClass, StunMessageBuilder, StunMethod, addXorAddress, decodeStun } from '@purertc/ice';
import { NodeIceDriver, bindUdp, nodeResolver, signal } from './ice-node-driver';

const up = (d: NodeIceDriver) => () => d.agent.state === 'connected' || d.agent.state === 'completed';

describe('ICE agent to agent over real UDP on loopback', () => {
  it.each(['127.0.0.1', '::1'])('connects on %s and exchanges data', async (ip) => {
    const a = new NodeIceDriver(await bindUdp(ip), { controlling: true });
    const b = new NodeIceDriver(await bindUdp(ip), { controlling: false });
    try {
      const start = performance.now();
      signal(a, b);
      await Promise.all([a.until(up(a)), b.until(up(b))]);
      const elapsed = performance.now() - start;
      expect(elapsed).toBeLessThan(2000);
      expect(a.agent.getSelectedPair()!.remote.port).toBe(b.socket.address().port);
      const got = b.until((e) => e?.type === 'data');
      a.agent.send(performance.now(), new TextEncoder().encode('hello over loopback'));
      a.pump();
      await got;
      const data = b.events.find((e) => e.type === 'data');
      expect(data && data.type === 'data' && new TextDecoder().decode(data.data)).toBe('hello over loopback');
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('server hostnames through the injected resolver (real DNS, real UDP)', () => {
  it('resolves stun:localhost with node:dns and sends the Binding request to the answer', async () => {
    // A tiny STUN server on 127.0.0.1 (our codec): answers Binding requests with XOR-MAPPED-ADDRESS.
    const server = await bindUdp('127.0.0.1');
    const seen: number[] = [];
    server.on('message', (m, r) => {
      const msg = decodeStun(m);
      if (!msg || msg.method !== StunMethod.Binding || msg.class !== StunClass.Request) return;
      seen.push(r.port);
      const b = new StunMessageBuilder(StunMethod.Binding, StunClass.Success, msg.transactionId);
      // Report a different mapped port, as a NAT would, so a server-reflexive candidate appears.
      addXorAddress(b, Attr.XorMappedAddress, { address: '127.0.0.1', port: r.port === 65535 ? 1 : r.port + 1 });
      b.addFingerprint();
      server.send(b.build(), r.port, r.address);
    });
    const resolved: string[] = [];
    const a = new NodeIceDriver(await bindUdp('127.0.0.1'), {
      iceServers: [{ urls: `stun:localhost:${server.address().port}` }],
      resolver: (name) => {
        resolved.push(name);
        return nodeResolver(name);
      },
    });
    try {
      a.agent.gather(performance.now());
      a.pump();
      await a.until(() => a.agent.gatheringState === 'complete');
      expect(resolved).toEqual(['localhost']);
      expect(seen).toEqual([a.socket.address().port]);
      expect(a.events.filter((e) => e.type === 'candidate-error')).toEqual([]);
      const srflx = a.agent.getLocalCandidates().filter((c) => c.type === 'srflx');
      expect(srflx.map((c) => [c.address, c.port, c.relatedPort])).toEqual([['127.0.0.1', a.socket.address().port + 1, a.socket.address().port]]);
    } finally {
      await a.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
