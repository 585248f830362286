/** Pending (see /tmp/wpt-failures.md): failing subtests of WPT webrtc/RTCPeerConnection-setRemoteDescription-offer.html. */
import { expectRejectsDom, newPc, splitSections } from '../helpers';

describe('RTCPeerConnection-setRemoteDescription-offer (pending)', () => {
  test('setRemoteDescription(section with duplicate msid) rejects', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc1.addTransceiver('video');
    const description = await pc1.createOffer();
    const sections = splitSections(description.sdp);
    const sdp = sections[0]! + sections[1]! + sections[1]!.replace('a=mid:', 'a=mid:unique');
    await expectRejectsDom(pc2.setRemoteDescription({ type: 'offer', sdp }), 'OperationError');
  });
});
