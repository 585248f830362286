import { performance } from 'node:perf_hooks';
import { NodeIceDriver, bindUdp, signal } from './ice-node-driver';

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
