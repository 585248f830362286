/**
 * Connects two RTCPeerConnections in one process, the way most tests need it:
 * trickle ICE both ways, `a` creates a data channel and offers, `b` answers;
 * resolves with the open channel on each side.
 */
import type { RTCDataChannel, RTCPeerConnection } from '@purertc/peerconnection';

export async function connectPair(a: RTCPeerConnection, b: RTCPeerConnection, label = 'test'): Promise<{ ch: RTCDataChannel; rch: RTCDataChannel }> {
  a.onicecandidate = (e) => void b.addIceCandidate(e.candidate ?? undefined).catch(() => undefined);
  b.onicecandidate = (e) => void a.addIceCandidate(e.candidate ?? undefined).catch(() => undefined);
  const ch = a.createDataChannel(label);
  const remote = new Promise<RTCDataChannel>((r) => (b.ondatachannel = (e) => r(e.channel)));
  const opened = new Promise((r) => (ch.onopen = r));
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription!);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription!);
  await opened;
  return { ch, rch: await remote };
}
