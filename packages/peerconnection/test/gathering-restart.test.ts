/**
 * iceGatheringState and the gathering events across an ICE restart, over
 * real loopback UDP (host candidates on 127.0.0.1 only, as in
 * test/interop/node-node-peerconnection.test.ts).
 *
 * webrtc-pc §5.6.1 (RTCIceTransport, "When the ICE Agent indicates that it
 * began gathering a generation of candidates ... queue a task"): the
 * gathering state of a new generation changes in a task of its own, queued
 * by the ICE agent; the success steps of "set a session description"
 * (§4.4.1.6) never touch [[IceGatheringState]]. So when the
 * setLocalDescription promise of a restart resolves, iceGatheringState still
 * reads the previous generation's 'complete'; then, in later tasks and in
 * this order: gatheringstatechange + icegatheringstatechange ('gathering'),
 * one icecandidate per candidate of the new generation (its ufrag), the
 * end-of-candidates icecandidate (candidate ''), then gatheringstatechange +
 * icegatheringstatechange ('complete') and the null icecandidate. WPT
 * checks exactly this: RTCPeerConnection-iceGatheringState.html,
 * "setLocalDescription(reoffer) with a restarted transport should cause
 * iceGatheringState to go to "gathering" and then "complete"" listens for
 * both events only after `await pc.setLocalDescription(...)`.
 */
import { RTCPeerConnection, type RTCIceTransport, type RTCPeerConnectionIceEvent } from '@purertc/peerconnection';
import { until } from '../../../test/until';


function trickle(from: RTCPeerConnection, to: RTCPeerConnection): void {
  from.addEventListener('icecandidate', (e) => {
    const c = (e as RTCPeerConnectionIceEvent).candidate;
    if (c) void to.addIceCandidate(c).catch(() => undefined);
  });
}

const ufragOf = (sdp: string) => /a=ice-ufrag:(\S+)/.exec(sdp)![1]!;

/**
 * Records, in order, what the page sees: the connection's and the transport's
 * gathering events (with the state read inside the handler), and each
 * icecandidate ('cand <ufrag> <state>' for a candidate, 'eoc <ufrag>' for the
 * '' end-of-candidates one, 'null' for the last). Every entry also checks
 * that the two gathering states agree at that moment.
 */
function recorder(pc: RTCPeerConnection, ice: RTCIceTransport): { log: string[]; mismatches: string[] } {
  const log: string[] = [];
  const mismatches: string[] = [];
  const check = (what: string) => {
    if (pc.iceGatheringState !== ice.gatheringState) mismatches.push(`${what}: pc ${pc.iceGatheringState} / transport ${ice.gatheringState}`);
  };
  ice.addEventListener('gatheringstatechange', () => {
    log.push(`transport:${ice.gatheringState}`);
    check('gatheringstatechange');
  });
  pc.addEventListener('icegatheringstatechange', () => {
    log.push(`pc:${pc.iceGatheringState}`);
    check('icegatheringstatechange');
  });
  pc.addEventListener('icecandidate', (e) => {
    const c = (e as RTCPeerConnectionIceEvent).candidate;
    if (c === null) log.push(`null:${pc.iceGatheringState}`);
    else if (c.candidate === '') log.push(`eoc ${c.usernameFragment}:${pc.iceGatheringState}`);
    else log.push(`cand ${c.usernameFragment}:${pc.iceGatheringState}`);
    check('icecandidate');
  });
  return { log, mismatches };
}

/** The expected log of one generation: gathering, n candidates, end-of-candidates, complete, null. */
function generation(ufrag: string, candidates: number): string[] {
  return [
    'transport:gathering',
    'pc:gathering',
    ...Array.from({ length: candidates }, () => `cand ${ufrag}:gathering`),
    `eoc ${ufrag}:gathering`,
    'transport:complete',
    'pc:complete',
    'null:complete',
  ];
}

const LOOPBACK = { network: { includeLoopback: true, ipv6: false, addresses: ['127.0.0.1'] } };

async function connectedPair(): Promise<[RTCPeerConnection, RTCPeerConnection, RTCIceTransport, RTCIceTransport]> {
  const a = new RTCPeerConnection({}, LOOPBACK);
  const b = new RTCPeerConnection({}, LOOPBACK);
  trickle(a, b);
  trickle(b, a);
  a.createDataChannel('x');
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription!);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription!);
  await until(
    () => a.connectionState === 'connected' && b.connectionState === 'connected' && a.iceGatheringState === 'complete' && b.iceGatheringState === 'complete',
    10_000,
    'connected and gathered',
  );
  return [a, b, a.sctp!.transport.iceTransport, b.sctp!.transport.iceTransport];
}

const countHosts = (pc: RTCPeerConnection) => pc.localDescription!.sdp.split('\r\n').filter((l) => l.startsWith('a=candidate:')).length;

describe('iceGatheringState across an ICE restart (webrtc-pc §5.6.1)', () => {
  it('offerer: restartIce() + setLocalDescription reads complete, then gathering, new-ufrag candidates, complete, null', async () => {
    const [a, b, iceA] = await connectedPair();
    try {
      const oldUfrag = ufragOf(a.localDescription!.sdp);
      const hosts = countHosts(a);
      expect(hosts).toBeGreaterThan(0);
      const { log, mismatches } = recorder(a, iceA);
      a.restartIce();
      const offer = await a.createOffer();
      const newUfrag = ufragOf(offer.sdp!);
      expect(newUfrag).not.toBe(oldUfrag);
      await a.setLocalDescription(offer);
      // §4.4.1.6 success steps do not change [[IceGatheringState]]; the "began
      // gathering" steps of §5.6.1 run in a later task: nothing fired yet.
      expect(a.iceGatheringState).toBe('complete');
      expect(iceA.gatheringState).toBe('complete');
      expect(log).toEqual([]);
      await until(() => log.includes('null:complete'), 10_000, 'the null candidate');
      expect(log).toEqual(generation(newUfrag, hosts));
      expect(mismatches).toEqual([]);
      // The local description carries the new generation's candidates and a=end-of-candidates.
      const sdp = a.localDescription!.sdp;
      expect(sdp.split('\r\n').filter((l) => l.startsWith('a=candidate:') && l.includes(`ufrag ${newUfrag}`))).toHaveLength(hosts);
      expect(sdp).toContain('a=end-of-candidates');
      // Finish the restart: the connection comes back on the new credentials.
      await b.setRemoteDescription(a.localDescription!);
      await b.setLocalDescription(await b.createAnswer());
      await a.setRemoteDescription(b.localDescription!);
      await until(() => iceA.getSelectedCandidatePair() !== null && a.iceConnectionState === 'connected' && iceA.getLocalParameters()?.usernameFragment === newUfrag, 10_000, 'reconnected');
      // No further gathering events on the offerer for the rest of the negotiation.
      expect(log).toEqual(generation(newUfrag, hosts));
    } finally {
      a.close();
      b.close();
    }
  }, 30_000);

  it('answerer: a remote restart changes nothing until its answer; then the same sequence with its new ufrag', async () => {
    const [a, b, , iceB] = await connectedPair();
    try {
      const oldUfrag = ufragOf(b.localDescription!.sdp);
      const hosts = countHosts(b);
      expect(hosts).toBeGreaterThan(0);
      await a.setLocalDescription(await a.createOffer({ iceRestart: true }));
      const { log, mismatches } = recorder(b, iceB);
      await b.setRemoteDescription(a.localDescription!);
      // The peer's restart alone does not start a new local generation (RFC 8839 §4.4.1.1.1: our new credentials come with our answer).
      expect(b.iceGatheringState).toBe('complete');
      const answer = await b.createAnswer();
      const newUfrag = ufragOf(answer.sdp!);
      expect(newUfrag).not.toBe(oldUfrag);
      expect(log).toEqual([]);
      await b.setLocalDescription(answer);
      expect(b.iceGatheringState).toBe('complete');
      expect(iceB.gatheringState).toBe('complete');
      expect(log).toEqual([]);
      await until(() => log.includes('null:complete'), 10_000, 'the null candidate');
      expect(log).toEqual(generation(newUfrag, hosts));
      expect(mismatches).toEqual([]);
      await a.setRemoteDescription(b.localDescription!);
      await until(() => iceB.getSelectedCandidatePair() !== null && b.iceConnectionState === 'connected' && iceB.getLocalParameters()?.usernameFragment === newUfrag, 10_000, 'reconnected');
      expect(log).toEqual(generation(newUfrag, hosts));
    } finally {
      a.close();
      b.close();
    }
  }, 30_000);
});
