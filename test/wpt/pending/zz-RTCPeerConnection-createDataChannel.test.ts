/** Pending (see /tmp/wpt-failures.md): failing subtests of WPT webrtc/RTCPeerConnection-createDataChannel.html. */
import { RTCDataChannel, type RTCPeerConnection } from '@purertc/peerconnection';
import { expectThrowsJs, newPc } from '../helpers';

const create = (pc: RTCPeerConnection, ...args: unknown[]) => (pc.createDataChannel as (...a: unknown[]) => RTCDataChannel).apply(pc, args);

describe('RTCPeerConnection-createDataChannel (pending)', () => {
  test('createDataChannel with no argument should throw TypeError', () => {
    const pc = newPc();
    expect(pc.createDataChannel.length).toBe(1);
    expectThrowsJs(() => create(pc), TypeError);
  });
});
