/** PairStatsRecorder: STUN requests/responses, RTT, data counters, bounds. */
import { MAX_PENDING, PairStatsRecorder } from '../../src/pair-stats.js';

const L = { address: '127.0.0.1', port: 1000 };
const R = { address: '127.0.0.1', port: 2000 };

function stun(type: number, tx: number): Uint8Array {
  const b = new Uint8Array(20);
  b[0] = type >> 8;
  b[1] = type & 0xff;
  b.set([0x21, 0x12, 0xa4, 0x42], 4);
  new DataView(b.buffer).setUint32(16, tx);
  return b;
}

describe('PairStatsRecorder', () => {
  it('counts checks once per transaction and measures the round trip', () => {
    const r = new PairStatsRecorder();
    r.sent(100, stun(0x0001, 1), L, R);
    r.sent(150, stun(0x0001, 1), L, R); // retransmission
    r.received(130, stun(0x0101, 1), L, R);
    r.received(131, stun(0x0101, 1), L, R); // duplicate response: already answered
    r.received(140, stun(0x0001, 7), L, R);
    r.sent(141, stun(0x0101, 7), L, R);
    const c = r.get(L, R)!;
    expect(c).toMatchObject({ requestsSent: 1, responsesReceived: 1, requestsReceived: 1, responsesSent: 1 });
    expect(c.currentRoundTripTime).toBeCloseTo(0.03);
    r.selectedKey = '127.0.0.1|1000|127.0.0.1|2000';
    r.sent(200, stun(0x0001, 2), L, R);
    r.received(210, stun(0x0101, 2), L, R);
    expect(c.consentRequestsSent).toBe(1);
    expect(c.requestsSent).toBe(1);
    expect(c.currentRoundTripTime).toBeCloseTo(0.01);
    expect(c.totalRoundTripTime).toBeCloseTo(0.04);
  });

  it('ignores a response from another 5-tuple and counts data packets', () => {
    const r = new PairStatsRecorder();
    r.sent(0, stun(0x0001, 1), L, R);
    r.received(5, stun(0x0101, 1), L, { address: '127.0.0.1', port: 3000 });
    expect(r.get(L, R)!.responsesReceived).toBe(0);
    r.sent(10, Uint8Array.of(22, 254, 253, 0, 0), L, R); // DTLS
    r.received(11, Uint8Array.of(23, 1, 2), L, R);
    expect(r.get(L, R)).toMatchObject({ packetsSent: 1, bytesSent: 5, packetsReceived: 1, bytesReceived: 3, lastPacketSentAt: 10, lastPacketReceivedAt: 11 });
    expect(r.totals()).toEqual({ packetsSent: 1, packetsReceived: 1, bytesSent: 5, bytesReceived: 3 });
  });

  it('keeps memory bounded', () => {
    const r = new PairStatsRecorder();
    for (let i = 0; i < MAX_PENDING * 4; i++) r.sent(i, stun(0x0001, i), L, R);
    // The oldest transactions were forgotten: their responses give no RTT.
    r.received(5000, stun(0x0101, 0), L, R);
    expect(r.get(L, R)!.responsesReceived).toBe(0);
    r.received(5000, stun(0x0101, MAX_PENDING * 4 - 1), L, R);
    expect(r.get(L, R)!.responsesReceived).toBe(1);
    for (let p = 0; p < 1000; p++) r.received(0, Uint8Array.of(23), L, { address: '127.0.0.1', port: 10000 + p });
    expect(r.get(L, { address: '127.0.0.1', port: 10000 })).toBeUndefined();
  });
});
