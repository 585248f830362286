/**
 * purertc against werift (TypeScript). werift is told to gather on 127.0.0.1
 * only: no IPv4/IPv6 interface enumeration (iceUseIpv4/iceUseIpv6 false), the
 * loopback address as an additional host address, its UDP socket bound to
 * 127.0.0.1, and a candidate-pair filter that keeps loopback pairs only.
 */
import { RTCPeerConnection as WeriftPeerConnection, type RTCDataChannel as WeriftDataChannel } from 'werift';
import { describeStack } from './suite.js';
import { bytesOf, candidateAddresses, isLoopbackCandidate, loopbackOnly, packageVersion, until, type Msg, type StackChannel, type StackPeer } from './peers.js';

const LOOPBACK_CONFIG = {
  iceUseIpv4: false,
  iceUseIpv6: false,
  iceAdditionalHostAddresses: ['127.0.0.1'],
  iceInterfaceAddresses: { udp4: '127.0.0.1' },
  iceFilterCandidatePair: (p: { localCandidate: { host: string }; remoteCandidate: { host: string } }) =>
    p.localCandidate.host === '127.0.0.1' && p.remoteCandidate.host === '127.0.0.1',
};

function weriftChannel(dc: WeriftDataChannel): StackChannel {
  const ch: StackChannel = {
    label: dc.label,
    state: () => dc.readyState,
    send: (d: Msg) => dc.send(typeof d === 'string' ? d : Buffer.from(d)),
    close: () => dc.close(),
    messages: [],
    echo: false,
  };
  dc.onMessage.subscribe((d) => {
    const m: Msg = typeof d === 'string' ? d : bytesOf(d);
    ch.messages.push(m);
    if (ch.echo) ch.send(m);
  });
  return ch;
}

function weriftPeer(): StackPeer {
  const pc = new WeriftPeerConnection(LOOPBACK_CONFIG as ConstructorParameters<typeof WeriftPeerConnection>[0]);
  const announced: StackChannel[] = [];
  pc.onDataChannel.subscribe((dc) => announced.push(weriftChannel(dc)));
  const gathered = async (): Promise<string> => {
    await until(() => pc.iceGatheringState === 'complete', 10_000, 'werift ICE gathering');
    return loopbackOnly(pc.localDescription!.sdp);
  };
  return {
    name: 'werift',
    createDataChannel: (label) => weriftChannel(pc.createDataChannel(label)),
    async nextRemoteChannel(ms) {
      await until(() => announced.length > 0, ms, 'werift datachannel event');
      return announced.shift()!;
    },
    async offer() {
      await pc.setLocalDescription(await pc.createOffer());
      return { type: 'offer', sdp: await gathered() };
    },
    async answer(offer) {
      await pc.setRemoteDescription(offer);
      await pc.setLocalDescription(await pc.createAnswer());
      return { type: 'answer', sdp: await gathered() };
    },
    async accept(answer) {
      await pc.setRemoteDescription(answer);
    },
    async trickleOffer() {
      await pc.setLocalDescription(await pc.createOffer());
      return { type: 'offer', sdp: loopbackOnly(pc.localDescription!.sdp) };
    },
    async trickleAnswer(offer) {
      await pc.setRemoteDescription(offer);
      await pc.setLocalDescription(await pc.createAnswer());
      return { type: 'answer', sdp: loopbackOnly(pc.localDescription!.sdp) };
    },
    onCandidate(cb) {
      pc.onIceCandidate.subscribe((c) => {
        if (c && c.candidate && isLoopbackCandidate(c.candidate)) cb({ candidate: c.candidate, sdpMid: c.sdpMid ?? null, sdpMLineIndex: c.sdpMLineIndex ?? null });
      });
    },
    async addCandidate(c) {
      await pc.addIceCandidate({ candidate: c.candidate, sdpMid: c.sdpMid ?? undefined, sdpMLineIndex: c.sdpMLineIndex ?? undefined });
    },
    connectionState: () => pc.connectionState,
    async close() {
      await pc.close();
    },
  };
}

describeStack({ name: `werift ${packageVersion('werift')}`, create: weriftPeer });

it('werift with this configuration gathers on 127.0.0.1 only', async () => {
  const pc = new WeriftPeerConnection(LOOPBACK_CONFIG as ConstructorParameters<typeof WeriftPeerConnection>[0]);
  try {
    pc.createDataChannel('probe');
    await pc.setLocalDescription(await pc.createOffer());
    await until(() => pc.iceGatheringState === 'complete', 10_000, 'werift ICE gathering');
    const addrs = candidateAddresses(pc.localDescription!.sdp);
    expect(addrs.length).toBeGreaterThan(0);
    expect(new Set(addrs)).toEqual(new Set(['127.0.0.1']));
  } finally {
    await pc.close();
  }
});
