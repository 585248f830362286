/** WPT webrtc/RTCPeerConnection-addIceCandidate.html, checked against our implementation. */
import { RTCIceCandidate, type RTCPeerConnection } from '@purertc/peerconnection';
import { expectRejectsDom, expectRejectsJs, newPc } from './helpers.js';

// The two-section example of RFC 8829 §7.1 (as WPT uses it; LF line ends, as in the WPT file).
const sdp = `v=0
o=- 4962303333179871722 1 IN IP4 0.0.0.0
s=-
t=0 0
a=ice-options:trickle
a=group:BUNDLE a1 v1
a=group:LS a1 v1
m=audio 10100 UDP/TLS/RTP/SAVPF 96 0 8 97 98
c=IN IP4 203.0.113.100
a=mid:a1
a=sendrecv
a=rtpmap:96 opus/48000/2
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:97 telephone-event/8000
a=rtpmap:98 telephone-event/48000
a=maxptime:120
a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:2 urn:ietf:params:rtp-hdrext:ssrc-audio-level
a=msid:47017fee-b6c1-4162-929c-a25110252400 f83006c5-a0ff-4e0a-9ed9-d3e6747be7d9
a=ice-ufrag:ETEn
a=ice-pwd:OtSK0WpNtpUjkY4+86js7ZQl
a=fingerprint:sha-256 19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2
a=setup:actpass
a=dtls-id:1
a=rtcp:10101 IN IP4 203.0.113.100
a=rtcp-mux
a=rtcp-rsize
m=video 10102 UDP/TLS/RTP/SAVPF 100 101
c=IN IP4 203.0.113.100
a=mid:v1
a=sendrecv
a=rtpmap:100 VP8/90000
a=rtpmap:101 rtx/90000
a=fmtp:101 apt=100
a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
a=rtcp-fb:100 ccm fir
a=rtcp-fb:100 nack
a=rtcp-fb:100 nack pli
a=msid:47017fee-b6c1-4162-929c-a25110252400 f30bdb4a-5db8-49b5-bcdc-e0c9a23172e0
a=ice-ufrag:BGKk
a=ice-pwd:mqyWsAjvtKwTGnvhPztQ9mIf
a=fingerprint:sha-256 19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2
a=setup:actpass
a=dtls-id:1
a=rtcp:10103 IN IP4 203.0.113.100
a=rtcp-mux
a=rtcp-rsize
`;
const sessionDesc = { type: 'offer' as const, sdp };
const sdpMid1 = 'a1';
const sdpMLineIndex1 = 0;
const usernameFragment1 = 'ETEn';
const sdpMid2 = 'v1';
const sdpMLineIndex2 = 1;
const usernameFragment2 = 'BGKk';
const mediaLine1 = 'm=audio';
const mediaLine2 = 'm=video';
const candidateStr1 = 'candidate:1 1 udp 2113929471 203.0.113.100 10100 typ host';
const candidateStr2 = 'candidate:1 2 udp 2113929470 203.0.113.100 10101 typ host';
const invalidCandidateStr = '(Invalid) candidate \r\n string';
const candidateLine1 = `a=${candidateStr1}`;
const candidateLine2 = `a=${candidateStr2}`;
const endOfCandidateLine = 'a=end-of-candidates';

/** `line` appears after the `before` m= line and before the `after` one. */
function between(text: string, before: string, line: string, after: string): boolean {
  const b = text.indexOf(before);
  if (b < 0) return false;
  const l = text.indexOf(line, b + before.length);
  if (l < 0) return false;
  return text.indexOf(after, l + line.length) >= 0;
}
/** `line` appears after the `before` m= line. */
function after(text: string, before: string, line: string): boolean {
  const b = text.indexOf(before);
  return b >= 0 && text.indexOf(line, b + before.length) >= 0;
}

async function withRemote(): Promise<RTCPeerConnection> {
  const pc = newPc();
  await pc.setRemoteDescription(sessionDesc);
  return pc;
}
const add = (pc: RTCPeerConnection, init?: unknown) => (pc.addIceCandidate as (c?: unknown) => Promise<undefined>)(init);

describe('RTCPeerConnection-addIceCandidate', () => {
  test('Add ICE candidate before setting remote description should reject with InvalidStateError', async () => {
    const pc = newPc();
    await expectRejectsDom(
      add(pc, { candidate: candidateStr1, sdpMid: sdpMid1, sdpMLineIndex: sdpMLineIndex1, usernameFragment: usernameFragment1 }),
      'InvalidStateError',
    );
  });

  test('addIceCandidate after close should reject with InvalidStateError', async () => {
    const pc = newPc();
    pc.setRemoteDescription(sessionDesc).catch(() => {});
    pc.close();
    await expectRejectsDom(
      add(pc, { candidate: candidateStr1, sdpMid: sdpMid1, sdpMLineIndex: sdpMLineIndex1, usernameFragment: usernameFragment1 }),
      'InvalidStateError',
    );
  });

  const endOfCandidates: Array<[string, unknown]> = [
    ['{"candidate":"","sdpMid":null,"sdpMLineIndex":null}', { candidate: '', sdpMid: null, sdpMLineIndex: null, usernameFragment: undefined }],
    ['undefined', undefined],
    ['null', null],
    ['{}', {}],
  ];
  for (const [label, init] of endOfCandidates) {
    test(`addIceCandidate(${label}) works`, async () => {
      const pc = await withRemote();
      await expect(add(pc, init)).resolves.toBeUndefined();
    });
    test(`addIceCandidate(${label}) adds a=end-of-candidates to both m-sections`, async () => {
      const pc = await withRemote();
      await add(pc, init);
      expect(between(pc.remoteDescription!.sdp, mediaLine1, endOfCandidateLine, mediaLine2)).toBe(true);
      expect(after(pc.remoteDescription!.sdp, mediaLine2, endOfCandidateLine)).toBe(true);
    });
  }

  test('addIceCandidate({}) in stable should work, and add a=end-of-candidates to both m-sections', async () => {
    const pc = await withRemote();
    await pc.setLocalDescription(await pc.createAnswer());
    await add(pc, {});
    expect(between(pc.remoteDescription!.sdp, mediaLine1, endOfCandidateLine, mediaLine2)).toBe(true);
    expect(after(pc.remoteDescription!.sdp, mediaLine2, endOfCandidateLine)).toBe(true);
  });

  test('addIceCandidate({usernameFragment: usernameFragment1, sdpMid: sdpMid1}) should work, and add a=end-of-candidates to the first m-section', async () => {
    const pc = await withRemote();
    await add(pc, { usernameFragment: usernameFragment1, sdpMid: sdpMid1 });
    expect(between(pc.remoteDescription!.sdp, mediaLine1, endOfCandidateLine, mediaLine2)).toBe(true);
    expect(after(pc.remoteDescription!.sdp, mediaLine2, endOfCandidateLine)).toBe(false);
  });

  test('addIceCandidate({usernameFragment: usernameFragment2, sdpMLineIndex: 1}) should work, and add a=end-of-candidates to the first m-section', async () => {
    const pc = await withRemote();
    await add(pc, { usernameFragment: usernameFragment2, sdpMLineIndex: 1 });
    expect(between(pc.remoteDescription!.sdp, mediaLine1, endOfCandidateLine, mediaLine2)).toBe(false);
    expect(after(pc.remoteDescription!.sdp, mediaLine2, endOfCandidateLine)).toBe(true);
  });

  test('addIceCandidate({usernameFragment: "no such ufrag"}) should not work', async () => {
    const pc = await withRemote();
    await expectRejectsDom(add(pc, { usernameFragment: 'no such ufrag' }), 'OperationError');
  });

  test('Add ICE candidate after setting remote description should succeed', async () => {
    const pc = await withRemote();
    await add(pc, { candidate: candidateStr1, sdpMid: sdpMid1, sdpMLineIndex: sdpMLineIndex1, usernameFragement: usernameFragment1 });
    expect(after(pc.remoteDescription!.sdp, mediaLine1, candidateStr1)).toBe(true);
  });

  test('Add ICE candidate with RTCIceCandidate should succeed', async () => {
    const pc = await withRemote();
    await add(pc, new RTCIceCandidate({ candidate: candidateStr1, sdpMid: sdpMid1, sdpMLineIndex: sdpMLineIndex1, usernameFragement: usernameFragment1 } as never));
  });

  test('Add candidate with only valid sdpMid should succeed', async () => {
    const pc = await withRemote();
    await add(pc, { candidate: candidateStr1, sdpMid: sdpMid1 });
  });

  test('Add candidate with only valid sdpMid and RTCIceCandidate should succeed', async () => {
    const pc = await withRemote();
    await add(pc, new RTCIceCandidate({ candidate: candidateStr1, sdpMid: sdpMid1 }));
  });

  test('Add candidate with only valid sdpMLineIndex should succeed', async () => {
    const pc = await withRemote();
    await add(pc, { candidate: candidateStr1, sdpMLineIndex: sdpMLineIndex1 });
  });

  test('addIceCandidate with first sdpMid and sdpMLineIndex add candidate to first media stream', async () => {
    const pc = await withRemote();
    await add(pc, { candidate: candidateStr1, sdpMid: sdpMid1, sdpMLineIndex: sdpMLineIndex1, usernameFragement: usernameFragment1 });
    expect(between(pc.remoteDescription!.sdp, mediaLine1, candidateLine1, mediaLine2)).toBe(true);
  });

  test('addIceCandidate with second sdpMid and sdpMLineIndex should add candidate to second media stream', async () => {
    const pc = await withRemote();
    await add(pc, { candidate: candidateStr2, sdpMid: sdpMid2, sdpMLineIndex: sdpMLineIndex2, usernameFragment: usernameFragment2 });
    expect(after(pc.remoteDescription!.sdp, mediaLine2, candidateLine2)).toBe(true);
  });

  test('Add candidate for first media stream with null usernameFragment should add candidate to first media stream', async () => {
    const pc = await withRemote();
    await add(pc, { candidate: candidateStr1, sdpMid: sdpMid1, sdpMLineIndex: sdpMLineIndex1, usernameFragment: null });
    expect(between(pc.remoteDescription!.sdp, mediaLine1, candidateLine1, mediaLine2)).toBe(true);
  });

  test('Adding multiple candidates should add candidates to their corresponding media stream', async () => {
    const pc = await withRemote();
    await add(pc, { candidate: candidateStr1, sdpMid: sdpMid1, sdpMLineIndex: sdpMLineIndex1, usernameFragement: usernameFragment1 });
    await add(pc, { candidate: candidateStr2, sdpMid: sdpMid2, sdpMLineIndex: sdpMLineIndex2, usernameFragment: usernameFragment2 });
    expect(between(pc.remoteDescription!.sdp, mediaLine1, candidateLine1, mediaLine2)).toBe(true);
    expect(after(pc.remoteDescription!.sdp, mediaLine2, candidateLine2)).toBe(true);
  });

  test('Add with empty candidate string (end of candidates) should succeed', async () => {
    const pc = await withRemote();
    await add(pc, { candidate: candidateStr1, sdpMid: sdpMid1, sdpMLineIndex: sdpMLineIndex1, usernameFragement: usernameFragment1 });
    await add(pc, { candidate: '', sdpMid: sdpMid1, sdpMLineIndex: sdpMLineIndex1, usernameFragement: usernameFragment1 });
    expect(between(pc.remoteDescription!.sdp, mediaLine1, candidateLine1, mediaLine2)).toBe(true);
    expect(between(pc.remoteDescription!.sdp, mediaLine1, endOfCandidateLine, mediaLine2)).toBe(true);
  });

  test('Add candidate with both sdpMid and sdpMLineIndex manually set to null should reject with TypeError', async () => {
    const pc = await withRemote();
    await expectRejectsJs(add(pc, { candidate: candidateStr1, sdpMid: null, sdpMLineIndex: null }), TypeError);
  });

  test('addIceCandidate with a candidate and neither sdpMid nor sdpMLineIndex should reject with TypeError', async () => {
    const pc = await withRemote();
    await expectRejectsJs(add(pc, { candidate: candidateStr1 }), TypeError);
  });

  test('Add candidate with only valid candidate string should reject with TypeError', async () => {
    const pc = await withRemote();
    await expectRejectsJs(add(pc, { candidate: candidateStr1 }), TypeError);
  });

  test('Add candidate with invalid candidate string and both sdpMid and sdpMLineIndex null should reject with TypeError', async () => {
    const pc = await withRemote();
    await expectRejectsJs(add(pc, { candidate: invalidCandidateStr, sdpMid: null, sdpMLineIndex: null }), TypeError);
  });

  test('Add candidate with invalid sdpMid should reject with OperationError', async () => {
    const pc = await withRemote();
    await expectRejectsDom(
      add(pc, { candidate: candidateStr1, sdpMid: 'invalid', sdpMLineIndex: sdpMLineIndex1, usernameFragement: usernameFragment1 }),
      'OperationError',
    );
  });

  test('Add candidate with invalid sdpMLineIndex should reject with OperationError', async () => {
    const pc = await withRemote();
    await expectRejectsDom(add(pc, { candidate: candidateStr1, sdpMLineIndex: 2, usernameFragement: usernameFragment1 }), 'OperationError');
  });

  test('Invalid sdpMLineIndex should be ignored if valid sdpMid is provided', async () => {
    const pc = await withRemote();
    await add(pc, { candidate: candidateStr1, sdpMid: sdpMid1, sdpMLineIndex: 2, usernameFragement: usernameFragment1 });
  });

  test('Add candidate for media stream 2 with null usernameFragment should succeed', async () => {
    const pc = await withRemote();
    await add(pc, { candidate: candidateStr2, sdpMid: sdpMid2, sdpMLineIndex: sdpMLineIndex2, usernameFragment: null });
    expect(after(pc.remoteDescription!.sdp, mediaLine2, candidateLine2)).toBe(true);
  });

  test('Add candidate with invalid usernameFragment should reject with OperationError', async () => {
    const pc = await withRemote();
    await expectRejectsDom(
      add(pc, { candidate: candidateStr1, sdpMid: sdpMid1, sdpMLineIndex: sdpMLineIndex1, usernameFragment: 'invalid' }),
      'OperationError',
    );
  });

  test('Add candidate with invalid candidate string should reject with OperationError', async () => {
    const pc = await withRemote();
    await expectRejectsDom(
      add(pc, { candidate: invalidCandidateStr, sdpMid: sdpMid1, sdpMLineIndex: sdpMLineIndex1, usernameFragement: usernameFragment1 }),
      'OperationError',
    );
  });

  test('Add candidate with sdpMid belonging to different usernameFragment should reject with OperationError', async () => {
    const pc = await withRemote();
    await expectRejectsDom(
      add(pc, { candidate: candidateStr2, sdpMid: sdpMid2, sdpMLineIndex: sdpMLineIndex2, usernameFragment: usernameFragment1 }),
      'OperationError',
    );
  });

  test('addIceCandidate should not recognize relayProtocol or url', async () => {
    const pc = await withRemote();
    const recognized: string[] = [];
    await add(pc, {
      candidate: candidateStr1,
      sdpMid: sdpMid1,
      get relayProtocol() {
        recognized.push('relayProtocol');
        return null;
      },
      get url() {
        recognized.push('url');
        return null;
      },
      get usernameFragment() {
        recognized.push('usernameFragment');
        return null;
      },
    });
    expect(recognized).toEqual(['usernameFragment']);
  });
});
