/**
 * The driver's timer and handle accounting, with an injected manual clock
 * (time is an argument: no fake timers, no sleeps) and a real loopback socket.
 */
import type { DtlsCertificate } from '@purertc/dtls';
import { PeerTransportDriver, type Clock } from '@purertc/peerconnection/transport/node';
import { makeCertificate } from './sim-peer';

class ManualClock implements Clock {
  t = 1000;
  readonly timers = new Map<number, { at: number; fn: () => void }>();
  private next = 1;
  armed = 0;
  now(): number {
    return this.t;
  }
  setTimer(fn: () => void, delayMs: number): number {
    const id = this.next++;
    this.armed++;
    this.timers.set(id, { at: this.t + delayMs, fn });
    return id;
  }
  clearTimer(h: unknown): void {
    this.timers.delete(h as number);
  }
  /** Advances to the earliest timer and fires it. */
  fire(): void {
    const [id, tm] = [...this.timers.entries()].sort((a, b) => a[1].at - b[1].at)[0]!;
    this.timers.delete(id);
    this.t = Math.max(this.t, tm.at);
    tm.fn();
  }
}

let cert: DtlsCertificate;
beforeAll(async () => {
  cert = await makeCertificate();
});

describe('PeerTransportDriver', () => {
  it('keeps exactly one timer for the earliest deadline and releases everything on close', async () => {
    const before = PeerTransportDriver.activeHandles;
    const clock = new ManualClock();
    const d = await PeerTransportDriver.create({ certificate: cert, controlling: true, clock, includeLoopback: true, ipv6: false, addresses: ['127.0.0.1'] });
    expect(d.sockets).toHaveLength(1);
    expect(d.openHandles).toBe(1); // the socket; no deadline yet
    expect(clock.timers.size).toBe(0);
    const events: string[] = [];
    d.onEvent = (e) => events.push(e.type);
    d.act((t, now) => t.setRemoteParameters(now, { iceUfrag: 'abcd', icePwd: 'abcdefghijklmnopqrstuvwx', dtlsRole: 'server' }));
    d.act((t, now) => t.startGathering(now));
    expect(events).toContain('ice-candidate');
    expect(events).toContain('gathering-state');
    // A remote candidate nobody answers (loopback discard port): checks and their retransmissions need timers.
    d.act((t, now) => t.addRemoteCandidate(now, { foundation: '1', component: 1, protocol: 'udp', priority: 2130706431, address: '127.0.0.1', port: 9, type: 'host' }));
    // Whatever the agent wants next, one timer at most, at its deadline.
    let fired = 0;
    while (clock.timers.size > 0 && fired < 50) {
      expect(clock.timers.size).toBe(1);
      const [tm] = [...clock.timers.values()];
      const due = d.transport.pollTimeout();
      expect(due === undefined || tm!.at <= due).toBe(true);
      clock.fire();
      fired++;
    }
    expect(fired).toBeGreaterThan(3);
    await new Promise((r) => setImmediate(r)); // send callbacks run on the next turn
    expect(d.sockets[0]!.counters.sent).toBeGreaterThan(0);
    expect(PeerTransportDriver.activeHandles - before).toBe(d.openHandles);
    await d.close();
    expect(clock.timers.size).toBe(0);
    expect(d.openHandles).toBe(0);
    expect(d.sockets[0]!.closed).toBe(true);
    expect(PeerTransportDriver.activeHandles).toBe(before);
    expect(d.transport.connectionState).toBe('closed');
    // Calls after close are harmless.
    d.act((t, now) => t.handleTimeout(now));
    expect(clock.timers.size).toBe(0);
  });
});
