import { RTCIceCandidate, RTCPeerConnection } from '@purertc/peerconnection';
import { lines, negotiate, nextTask, rejectsWithName, remoteOffer, sections } from './helpers/signaling';

const pcs: RTCPeerConnection[] = [];
function pc(): RTCPeerConnection {
  const p = new RTCPeerConnection();
  pcs.push(p);
  return p;
}
afterEach(() => pcs.splice(0).forEach((p) => p.close()));

const CANDIDATE = 'candidate:1905690388 1 udp 2113937151 192.0.2.1 54321 typ host generation 0';

async function withRemote(kinds: ('audio' | 'video')[] = ['audio', 'video']) {
  const p = pc();
  const offer = await remoteOffer((o) => kinds.forEach((k) => o.addTransceiver(k)));
  await p.setRemoteDescription(offer);
  const ufrag = lines(offer.sdp, 'a=ice-ufrag:')[0]!.slice(12);
  return { p, ufrag };
}

describe('addIceCandidate (webrtc-pc §4.4.1.5)', () => {
  test('without a remote description rejects with InvalidStateError', async () => {
    await rejectsWithName(pc().addIceCandidate({ candidate: CANDIDATE, sdpMid: '0' }), 'InvalidStateError');
  });

  test('both sdpMid and sdpMLineIndex null rejects with TypeError', async () => {
    const { p } = await withRemote();
    await expect(p.addIceCandidate({ candidate: CANDIDATE, sdpMid: null, sdpMLineIndex: null })).rejects.toThrow(TypeError);
  });

  test('the TypeError check happens before the state check (no remote description)', async () => {
    await expect(pc().addIceCandidate({ candidate: CANDIDATE })).rejects.toThrow(TypeError);
  });

  test('an unknown sdpMid rejects with OperationError', async () => {
    const { p } = await withRemote();
    await rejectsWithName(p.addIceCandidate({ candidate: CANDIDATE, sdpMid: 'nope' }), 'OperationError');
  });

  test('an out-of-range sdpMLineIndex rejects with OperationError', async () => {
    const { p } = await withRemote();
    await rejectsWithName(p.addIceCandidate({ candidate: CANDIDATE, sdpMLineIndex: 2 }), 'OperationError');
  });

  test('sdpMid takes precedence over sdpMLineIndex', async () => {
    const { p } = await withRemote();
    await p.addIceCandidate({ candidate: CANDIDATE, sdpMid: '0', sdpMLineIndex: 99 });
    expect(sections(p.remoteDescription!.sdp)[0]).toContain(`a=${CANDIDATE}`);
  });

  test('a valid candidate is added to the remote description of its m= section only', async () => {
    const { p } = await withRemote();
    await p.addIceCandidate({ candidate: CANDIDATE, sdpMid: '1' });
    const s = sections(p.remoteDescription!.sdp);
    expect(s[1]).toContain(`a=${CANDIDATE}`);
    expect(s[0]).not.toContain(`a=${CANDIDATE}`);
  });

  test('an RTCIceCandidate object is accepted', async () => {
    const { p } = await withRemote();
    await p.addIceCandidate(new RTCIceCandidate({ candidate: CANDIDATE, sdpMLineIndex: 0 }));
    expect(sections(p.remoteDescription!.sdp)[0]).toContain(`a=${CANDIDATE}`);
  });

  test('adding the same candidate twice adds one line', async () => {
    const { p } = await withRemote();
    await p.addIceCandidate({ candidate: CANDIDATE, sdpMid: '0' });
    await p.addIceCandidate({ candidate: CANDIDATE, sdpMid: '0' });
    expect(lines(p.remoteDescription!.sdp, 'a=candidate:')).toHaveLength(1);
  });

  test('a matching usernameFragment is accepted', async () => {
    const { p, ufrag } = await withRemote();
    await expect(p.addIceCandidate({ candidate: CANDIDATE, sdpMid: '0', usernameFragment: ufrag })).resolves.toBeUndefined();
  });

  test('an unknown usernameFragment rejects with OperationError', async () => {
    const { p } = await withRemote();
    await rejectsWithName(p.addIceCandidate({ candidate: CANDIDATE, sdpMid: '0', usernameFragment: 'zzzz' }), 'OperationError');
  });

  test('an unparseable candidate rejects with OperationError', async () => {
    const { p } = await withRemote();
    await rejectsWithName(p.addIceCandidate({ candidate: 'candidate:garbage', sdpMid: '0' }), 'OperationError');
  });

  test('an empty candidate with a mid is end-of-candidates for that section', async () => {
    const { p } = await withRemote();
    await p.addIceCandidate({ candidate: '', sdpMid: '1' });
    const s = sections(p.remoteDescription!.sdp);
    expect(s[1]).toContain('a=end-of-candidates');
    expect(s[0]).not.toContain('a=end-of-candidates');
  });

  test('addIceCandidate() with no argument is end-of-candidates for every section', async () => {
    const { p } = await withRemote();
    await p.addIceCandidate();
    for (const s of sections(p.remoteDescription!.sdp)) expect(s).toContain('a=end-of-candidates');
  });

  test('addIceCandidate(null) is end-of-candidates for every section', async () => {
    const { p } = await withRemote();
    await p.addIceCandidate(null);
    expect(lines(p.remoteDescription!.sdp, 'a=end-of-candidates')).toHaveLength(2);
  });

  test('candidates go into the current remote description after negotiation', async () => {
    const a = pc();
    const b = pc();
    a.addTransceiver('audio');
    await negotiate(a, b);
    await a.addIceCandidate({ candidate: CANDIDATE, sdpMid: '0' });
    expect(a.currentRemoteDescription!.sdp).toContain(`a=${CANDIDATE}`);
  });

  test('a candidate for a stopped transceiver resolves without adding', async () => {
    const a = pc();
    const b = pc();
    const t = a.addTransceiver('audio');
    await negotiate(a, b);
    t.stop();
    await negotiate(a, b);
    await expect(b.addIceCandidate({ candidate: CANDIDATE, sdpMid: '0' })).resolves.toBeUndefined();
  });

  test('on a closed connection rejects with InvalidStateError', async () => {
    const { p } = await withRemote();
    p.close();
    await rejectsWithName(p.addIceCandidate({ candidate: CANDIDATE, sdpMid: '0' }), 'InvalidStateError');
  });

  test('the legacy addIceCandidate(candidate, success, failure) calls success', async () => {
    const { p } = await withRemote();
    const r = await new Promise((resolve) => void p.addIceCandidate({ candidate: CANDIDATE, sdpMid: '0' }, () => resolve('ok'), (e: unknown) => resolve(e)));
    expect(r).toBe('ok');
    await nextTask();
  });
});

describe('restartIce (webrtc-pc §4.4.1.5)', () => {
  test('the next offer after restartIce() has fresh ICE credentials', async () => {
    const a = pc();
    const b = pc();
    a.addTransceiver('audio');
    await negotiate(a, b);
    const old = lines(a.localDescription!.sdp, 'a=ice-ufrag:')[0];
    a.restartIce();
    expect(lines((await a.createOffer())!.sdp, 'a=ice-ufrag:')[0]).not.toBe(old);
  });

  test('restartIce() wins over {iceRestart: false}', async () => {
    const a = pc();
    const b = pc();
    a.addTransceiver('audio');
    await negotiate(a, b);
    const old = lines(a.localDescription!.sdp, 'a=ice-ufrag:')[0];
    a.restartIce();
    expect(lines((await a.createOffer({ iceRestart: false }))!.sdp, 'a=ice-ufrag:')[0]).not.toBe(old);
  });

  test('after the restart is negotiated, no further negotiationneeded fires', async () => {
    const a = pc();
    const b = pc();
    a.addTransceiver('audio');
    await negotiate(a, b);
    await nextTask();
    let fired = 0;
    a.onnegotiationneeded = () => fired++;
    a.restartIce();
    await nextTask();
    await negotiate(a, b);
    await nextTask();
    expect(fired).toBe(1);
  });

  test('the answerer answers a remote ICE restart with fresh credentials', async () => {
    const a = pc();
    const b = pc();
    a.addTransceiver('audio');
    await negotiate(a, b);
    const old = lines(b.localDescription!.sdp, 'a=ice-ufrag:')[0];
    a.restartIce();
    await negotiate(a, b);
    expect(lines(b.localDescription!.sdp, 'a=ice-ufrag:')[0]).not.toBe(old);
  });

  test('restartIce() survives a rollback: the next offer still restarts', async () => {
    const a = pc();
    const b = pc();
    a.addTransceiver('audio');
    await negotiate(a, b);
    const old = lines(a.localDescription!.sdp, 'a=ice-ufrag:')[0];
    a.restartIce();
    await a.setLocalDescription();
    await a.setLocalDescription({ type: 'rollback' });
    expect(lines((await a.createOffer())!.sdp, 'a=ice-ufrag:')[0]).not.toBe(old);
  });

  test('restartIce() returns undefined on a closed connection without throwing', () => {
    const p = pc();
    p.close();
    expect(p.restartIce()).toBeUndefined();
  });
});
