import { createMediaStreamTrack, RTCPeerConnection, RTCSessionDescription } from '@purertc/peerconnection';
import { lines, rejectsWithName, remoteOffer, sections } from './helpers/signaling';

const pcs: RTCPeerConnection[] = [];
function pc(): RTCPeerConnection {
  const p = new RTCPeerConnection();
  pcs.push(p);
  return p;
}
afterEach(() => pcs.splice(0).forEach((p) => p.close()));

describe('createAnswer (webrtc-pc §4.4.1.5, RFC 8829 §5.3)', () => {
  test('in stable rejects with InvalidStateError', async () => {
    await rejectsWithName(pc().createAnswer(), 'InvalidStateError');
  });

  test('in have-local-offer rejects with InvalidStateError', async () => {
    const p = pc();
    await p.setLocalDescription((await p.createOffer())!);
    await rejectsWithName(p.createAnswer(), 'InvalidStateError');
  });

  test('on a closed connection rejects with InvalidStateError', async () => {
    const p = pc();
    p.close();
    await rejectsWithName(p.createAnswer(), 'InvalidStateError');
  });

  test('resolves with a plain {type: "answer", sdp}', async () => {
    const p = pc();
    await p.setRemoteDescription(await remoteOffer());
    const answer = (await p.createAnswer())!;
    expect(answer).not.toBeInstanceOf(RTCSessionDescription);
    expect(answer.type).toBe('answer');
  });

  test('has the offer\'s m= sections, kinds and mids in order', async () => {
    const p = pc();
    const offer = await remoteOffer((o) => {
      o.addTransceiver('video');
      o.addTransceiver('audio');
      o.createDataChannel('x');
    });
    await p.setRemoteDescription(offer);
    const answer = (await p.createAnswer())!;
    expect(sections(answer.sdp).map((s) => s[0]!.split(' ')[0])).toEqual(['m=video', 'm=audio', 'm=application']);
    expect(lines(answer.sdp, 'a=mid:')).toEqual(lines(offer.sdp, 'a=mid:'));
    expect(lines(answer.sdp, 'a=group:BUNDLE')).toEqual(lines(offer.sdp, 'a=group:BUNDLE'));
  });

  test('answers a=setup:actpass with a=setup:active', async () => {
    const p = pc();
    await p.setRemoteDescription(await remoteOffer());
    expect(lines((await p.createAnswer())!.sdp, 'a=setup:')).toEqual(['a=setup:active']);
  });

  test('answers a=setup:active with a=setup:passive', async () => {
    const p = pc();
    const offer = await remoteOffer();
    await p.setRemoteDescription({ type: 'offer', sdp: offer.sdp.replace('a=setup:actpass', 'a=setup:active') });
    expect(lines((await p.createAnswer())!.sdp, 'a=setup:')).toEqual(['a=setup:passive']);
  });

  test('a subsequent answer to a=setup:actpass keeps the established DTLS role (RFC 8842 §5.5)', async () => {
    // a offers, b answers active: a is the DTLS server. Then b re-offers actpass;
    // a must answer passive again, not swap roles on the live association.
    const a = pc();
    const b = pc();
    a.addTransceiver('audio');
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription();
    expect(lines(b.localDescription!.sdp, 'a=setup:')).toEqual(['a=setup:active']);
    await a.setRemoteDescription(b.localDescription!);
    b.addTransceiver('video');
    await b.setLocalDescription();
    expect(lines(b.localDescription!.sdp, 'a=setup:')).toEqual(['a=setup:actpass', 'a=setup:actpass']);
    await a.setRemoteDescription(b.localDescription!);
    await a.setLocalDescription();
    expect(lines(a.localDescription!.sdp, 'a=setup:')).toEqual(['a=setup:passive', 'a=setup:passive']);
    await b.setRemoteDescription(a.localDescription!);
    // And the side that answered first keeps 'active' when it answers again.
    a.addTransceiver('video');
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription();
    expect(new Set(lines(b.localDescription!.sdp, 'a=setup:'))).toEqual(new Set(['a=setup:active']));
  });

  test('restartIce() does not change the credentials of an answer; only a remote restart does, per m= section', async () => {
    const a = pc();
    const b = pc();
    a.addTransceiver('audio');
    a.addTransceiver('video');
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription!);
    const [ufragB] = lines(b.localDescription!.sdp, 'a=ice-ufrag:');
    b.restartIce();
    // a re-offers restarting ICE on the second section only.
    await a.setLocalDescription();
    const sdp = a.localDescription!.sdp;
    const second = sdp.lastIndexOf('a=ice-ufrag:');
    const offer = sdp.slice(0, second) + sdp.slice(second).replace(/a=ice-ufrag:\S+/, 'a=ice-ufrag:zzzz');
    expect(lines(offer, 'a=ice-ufrag:')).toHaveLength(2);
    await b.setRemoteDescription({ type: 'offer', sdp: offer });
    const answer = (await b.createAnswer())!;
    const ufrags = lines(answer.sdp, 'a=ice-ufrag:');
    expect(ufrags[0]).toBe(ufragB);
    expect(ufrags[1]).not.toBe(ufragB);
    // The pending restartIce() applies to b's next offer: every section renewed.
    await b.setLocalDescription(answer);
    await b.setLocalDescription(await b.createOffer());
    for (const u of lines(b.localDescription!.sdp, 'a=ice-ufrag:')) expect([ufragB, ufrags[1]]).not.toContain(u);
  });

  test('the answer direction intersects the offer: a sendrecv offer to a recvonly transceiver is recvonly', async () => {
    const p = pc();
    await p.setRemoteDescription(await remoteOffer());
    expect(sections((await p.createAnswer())!.sdp)[0]).toContain('a=recvonly');
  });

  test('with a local track the answer is sendrecv and carries a=msid', async () => {
    const p = pc();
    const track = createMediaStreamTrack('audio');
    p.addTrack(track);
    await p.setRemoteDescription(await remoteOffer());
    const [s] = sections((await p.createAnswer())!.sdp);
    expect(s).toContain('a=sendrecv');
    expect(s).toContain(`a=msid:- ${track.id}`);
  });

  test('a sendonly offer is answered recvonly even by a sendrecv transceiver', async () => {
    const p = pc();
    p.addTrack(createMediaStreamTrack('audio'));
    await p.setRemoteDescription(await remoteOffer((o) => o.addTransceiver('audio', { direction: 'sendonly' })));
    expect(sections((await p.createAnswer())!.sdp)[0]).toContain('a=recvonly');
  });

  test('keeps the offerer\'s payload types and order for codecs both support', async () => {
    const p = pc();
    const offer = await remoteOffer();
    const reordered = offer.sdp.replace('m=audio 9 UDP/TLS/RTP/SAVPF 111 0 8 126', 'm=audio 9 UDP/TLS/RTP/SAVPF 8 0 111 126');
    await p.setRemoteDescription({ type: 'offer', sdp: reordered });
    expect(sections((await p.createAnswer())!.sdp)[0]![0]).toBe('m=audio 9 UDP/TLS/RTP/SAVPF 8 0 111 126');
  });

  test('an m= section with no codec in common is rejected with port 0', async () => {
    const p = pc();
    const offer = await remoteOffer();
    const odd = offer.sdp
      .replace('m=audio 9 UDP/TLS/RTP/SAVPF 111 0 8 126', 'm=audio 9 UDP/TLS/RTP/SAVPF 100')
      .replace('a=rtpmap:111 opus/48000/2', 'a=rtpmap:100 weird/8000');
    await p.setRemoteDescription({ type: 'offer', sdp: odd });
    expect(sections((await p.createAnswer())!.sdp)[0]![0]).toMatch(/^m=audio 0 /);
  });

  test('an unknown media kind is answered with port 0 and the same kind', async () => {
    const p = pc();
    const offer = await remoteOffer();
    const transport = [...lines(offer.sdp, 'a=ice-'), ...lines(offer.sdp, 'a=fingerprint:')].join('\r\n');
    const withText = `${offer.sdp}m=text 9 RTP/AVP 98\r\nc=IN IP4 0.0.0.0\r\n${transport}\r\na=mid:t\r\n`;
    await p.setRemoteDescription({ type: 'offer', sdp: withText });
    const s = sections((await p.createAnswer())!.sdp);
    expect(s[1]![0]).toMatch(/^m=text 0 /);
  });

  test('answers simulcast send rids with recv rids', async () => {
    const p = pc();
    const offer = await remoteOffer((o) => o.addTransceiver('video', { sendEncodings: [{ rid: 'lo' }, { rid: 'hi' }] }));
    await p.setRemoteDescription(offer);
    const sdp = (await p.createAnswer())!.sdp;
    expect(lines(sdp, 'a=rid:')).toEqual(['a=rid:lo recv', 'a=rid:hi recv']);
    expect(lines(sdp, 'a=simulcast:')).toEqual(['a=simulcast:recv lo;hi']);
  });

  test('a data section is answered with sctp-port', async () => {
    const p = pc();
    await p.setRemoteDescription(await remoteOffer((o) => o.createDataChannel('x')));
    const [s] = sections((await p.createAnswer())!.sdp);
    expect(s![0]).toBe('m=application 9 UDP/DTLS/SCTP webrtc-datachannel');
    expect(s).toContain('a=sctp-port:5000');
  });

  test('works in have-local-pranswer', async () => {
    const p = pc();
    await p.setRemoteDescription(await remoteOffer());
    await p.setLocalDescription({ type: 'pranswer', sdp: (await p.createAnswer())!.sdp });
    expect((await p.createAnswer())!.type).toBe('answer');
  });
});
