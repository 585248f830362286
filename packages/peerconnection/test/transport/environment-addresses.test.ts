/**
 * PURERTC_HOST_ADDRESSES (udp-transport.ts) confines gathering to the
 * addresses it names, loopback ones included: the test environment sets it to
 * 127.0.0.1,::1 (test/jest-setup.cjs), so a plain `new RTCPeerConnection()`
 * gathers there and two of them connect, with no network options at all.
 */
import { RTCPeerConnection } from '@purertc/peerconnection';
import { connectPair } from '../../../../test/connect-pair';

const LOOPBACK = new Set(['127.0.0.1', '::1']);

describe('PURERTC_HOST_ADDRESSES', () => {
  it('is set for this test run', () => {
    expect(process.env.PURERTC_HOST_ADDRESSES).toBe('127.0.0.1,::1');
  });

  it('a plain RTCPeerConnection gathers host candidates on exactly those addresses', async () => {
    const pc = new RTCPeerConnection();
    const addresses: string[] = [];
    const done = new Promise<void>((resolve) => {
      pc.onicecandidate = (e) => {
        if (e.candidate === null) resolve();
        else if (e.candidate.candidate) addresses.push(e.candidate.address!);
      };
    });
    pc.createDataChannel('x');
    await pc.setLocalDescription();
    await done;
    pc.close();
    expect(addresses.length).toBeGreaterThan(0);
    for (const a of addresses) expect(LOOPBACK.has(a)).toBe(true);
  });

  it('two plain RTCPeerConnections connect and exchange a message', async () => {
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    const { ch, rch } = await connectPair(a, b, 'hello');
    const got = new Promise<string>((r) => (rch.onmessage = (e) => r(e.data as string)));
    ch.send('over loopback');
    expect(await got).toBe('over loopback');
    a.close();
    b.close();
  });
});
