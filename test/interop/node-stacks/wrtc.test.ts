/**
 * purertc against @roamhq/wrtc (libwebrtc bindings, the maintained fork of
 * node-webrtc). wrtc has no option to choose its interfaces: it gathers host
 * candidates on every interface, loopback included, and pairs each of its
 * sockets with the candidates it is given, so it would send checks from its
 * non-loopback socket to purertc's 127.0.0.1 candidate and purertc would answer
 * a non-loopback address (seen in this test before the gate existed: purertc
 * selected a peer-reflexive 192.0.2.2 pair). Its descriptions are therefore
 * filtered to their 127.0.0.1 UDP candidate and both peers talk through a
 * loopback gate (loopback-gate.ts) that forwards only between the two known
 * 127.0.0.1 endpoints. The suite checks purertc's stats (every remote candidate
 * is 127.0.0.1) and here wrtc's (its selected pair is loopback at both ends).
 */
import wrtc from '@roamhq/wrtc';
import { describeStack } from './suite.js';
import { LoopbackGate } from './loopback-gate.js';
import { packageVersion, w3cPeer, type StackPeer } from './peers.js';

const pcs = new WeakMap<StackPeer, { pc: InstanceType<typeof wrtc.RTCPeerConnection>; gate: LoopbackGate }>();

describeStack({
  name: `@roamhq/wrtc ${packageVersion('@roamhq/wrtc')}`,
  async create() {
    const gate = await LoopbackGate.open();
    const pc = new wrtc.RTCPeerConnection({ iceServers: [] });
    const inner = w3cPeer('wrtc', pc, (sdp) => gate.toPurertc(sdp), (sdp) => gate.toStack(sdp));
    const peer: StackPeer = {
      ...inner,
      async close() {
        await inner.close();
        gate.close();
      },
    };
    pcs.set(peer, { pc, gate });
    return peer;
  },
  async checkConnected(peer) {
    const { pc, gate } = pcs.get(peer)!;
    expect(gate.forwarded.toPurertc).toBeGreaterThan(0);
    expect(gate.forwarded.toStack).toBeGreaterThan(0);
    const report = await pc.getStats();
    const stats = new Map<string, Record<string, unknown>>();
    report.forEach((s: Record<string, unknown>) => stats.set(s.id as string, s));
    const transport = [...stats.values()].find((s) => s.type === 'transport' && s.selectedCandidatePairId);
    expect(transport).toBeDefined();
    const pair = stats.get(transport!.selectedCandidatePairId as string)!;
    const local = stats.get(pair.localCandidateId as string)!;
    const remote = stats.get(pair.remoteCandidateId as string)!;
    expect([local.address ?? local.ip, remote.address ?? remote.ip]).toEqual(['127.0.0.1', '127.0.0.1']);
    // wrtc only ever learnt 127.0.0.1 remote candidates (the gate's).
    for (const s of stats.values()) if (s.type === 'remote-candidate') expect(s.address ?? s.ip).toBe('127.0.0.1');
  },
});
