import { SimNetwork, Simulation } from '../../../test/sim/network';
import { SimTurnServer } from '../../../test/sim/stun-turn-server';
import { SimStreams } from '../../../test/sim/stream';
import { SimIcePeer } from '../../../test/sim/ice-peer';
it('dbg', () => {
  const net = new SimNetwork(1);
  const sim = new Simulation(net);
  const server = new SimTurnServer({ ip: '203.0.113.1' });
  server.attach(net);
  const streams = new SimStreams(net, { delay: 12 });
  server.listenStreams(streams);
  const a = new SimIcePeer(net, 'a', '192.168.1.10', { iceServers: [{ urls: 'turn:203.0.113.1?transport=tcp', username: 'user', credential: 'pass' }] }, undefined, 3);
  a.streams = streams;
  sim.add(a);
  a.agent.gather(0); a.flush(0);
  sim.runFor(3000);
  console.log(JSON.stringify(a.log.map(x=>[x.t,x.e.type, (x.e as any).error ?? (x.e as any).state])), server.stats, streams.stats, (a.agent as any).turns[0].turn.state, (a.agent as any).turns[0].turn.stats);
});
