/**
 * Regression: the DTLS client's ClientHello with the cookie arrives from a
 * different candidate than its first ClientHello (the peer's selected pair
 * changed in between, as Chromium's does when our nomination lands mid
 * handshake). The server's cookie must still verify: a second
 * HelloVerifyRequest made Chromium abort the handshake (alert, DTLS failed,
 * the data channel never opened). Virtual time over test/sim.
 */
import type { DtlsCertificate } from '@purertc/dtls';
import { Simulation, SimNetwork, type Datagram } from '../../../../test/sim/network';
import { makeCertificate, signal, SimTransportPeer } from './sim-peer';

let certA: DtlsCertificate;
let certB: DtlsCertificate;
beforeAll(async () => {
  [certA, certB] = await Promise.all([makeCertificate(), makeCertificate()]);
});

/** A DTLS handshake record carrying a ClientHello (type 1) with message_seq 1: the one with the cookie. */
function isCookieClientHello(d: Uint8Array): boolean {
  return d.length > 25 && d[0] === 22 && d[13] === 1 && ((d[17]! << 8) | d[18]!) === 1;
}

describe('DTLS cookie across a candidate-pair switch', () => {
  it('accepts the ClientHello with the cookie from another valid candidate of the peer', () => {
    const net = new SimNetwork(3);
    net.conditions = { delay: 10 };
    const a = new SimTransportPeer(net, 'A', '10.0.0.1', { certificate: certA, controlling: true }, 11);
    // B (the DTLS client) has two host addresses, both reachable.
    const b = new SimTransportPeer(net, 'B', '10.0.0.2', {
      certificate: certB,
      controlling: false,
      ice: {
        interfaces: () => [
          { name: 'eth0', address: '10.0.0.2', family: 'IPv4', internal: false },
          { name: 'eth1', address: '10.0.0.3', family: 'IPv4', internal: false },
        ],
        bind: () => 5000,
      },
    }, 12);
    net.addHost('10.0.0.3', (now, d) => {
      b.pt.handle(now, d.data, d.from, d.to);
      b.drain(now);
    });
    // The ClientHello with the cookie leaves from B's other address (each of its fragments).
    let moved = 0;
    const other = (ip: string) => (ip === '10.0.0.2' ? '10.0.0.3' : '10.0.0.2');
    const redirected = new Set<Uint8Array>();
    const dropIf = (d: Datagram): boolean => {
      if (!isCookieClientHello(d.data) || [...redirected].some((r) => r.length === d.data.length && r.every((x, i) => x === d.data[i]))) return false;
      moved++;
      redirected.add(d.data);
      const from = { address: other(d.from.address), port: d.from.port };
      net.schedule(net.now, () => net.send(from, d.to, d.data));
      return true;
    };
    net.setConditions('10.0.0.2', { delay: 10, dropIf });
    net.setConditions('10.0.0.3', { delay: 10, dropIf });
    const sim = new Simulation(net);
    sim.add(a);
    sim.add(b);
    signal(0, a, b);
    const up = () => a.pt.sctpState === 'connected' && b.pt.sctpState === 'connected';
    expect(sim.runUntil(up, 30_000)).toBe(true);
    expect(moved).toBeGreaterThan(0);
    const dtlsA = (a.pt as unknown as { dtls: { counters: { helloVerifyRequestsSent: number } } }).dtls;
    expect(dtlsA.counters.helloVerifyRequestsSent).toBe(1);
    expect(a.states('dtls-state')).toEqual(['connecting', 'connected']);
    expect(b.states('dtls-state')).toEqual(['connecting', 'connected']);
  });
});
