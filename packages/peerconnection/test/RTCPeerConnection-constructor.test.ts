import { RTCCertificate, RTCPeerConnection, type RTCBundlePolicy } from '@purertc/peerconnection';
import { nextTask } from './helpers/signaling';

describe('RTCPeerConnection construction and attributes (webrtc-pc §4.4.1)', () => {
  test('is an EventTarget of the runtime', () => {
    const pc = new RTCPeerConnection();
    expect(pc).toBeInstanceOf(EventTarget);
    pc.close();
  });

  test('attributes are getters on the prototype, not own properties', () => {
    const pc = new RTCPeerConnection();
    for (const name of ['signalingState', 'localDescription', 'remoteDescription', 'iceConnectionState', 'connectionState', 'canTrickleIceCandidates']) {
      expect(Object.prototype.hasOwnProperty.call(pc, name)).toBe(false);
      expect(typeof Object.getOwnPropertyDescriptor(RTCPeerConnection.prototype, name)?.get).toBe('function');
    }
    pc.close();
  });

  test('initial states: stable, new, new, new', () => {
    const pc = new RTCPeerConnection();
    expect(pc.signalingState).toBe('stable');
    expect(pc.iceConnectionState).toBe('new');
    expect(pc.iceGatheringState).toBe('new');
    expect(pc.connectionState).toBe('new');
    pc.close();
  });

  test('all descriptions are null initially', () => {
    const pc = new RTCPeerConnection();
    expect(pc.localDescription).toBeNull();
    expect(pc.currentLocalDescription).toBeNull();
    expect(pc.pendingLocalDescription).toBeNull();
    expect(pc.remoteDescription).toBeNull();
    expect(pc.currentRemoteDescription).toBeNull();
    expect(pc.pendingRemoteDescription).toBeNull();
    pc.close();
  });

  test('canTrickleIceCandidates is null before a remote description', () => {
    const pc = new RTCPeerConnection();
    expect(pc.canTrickleIceCandidates).toBeNull();
    pc.close();
  });

  test('canTrickleIceCandidates is true after a remote description with ice-options:trickle', async () => {
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    a.addTransceiver('audio');
    await b.setRemoteDescription(await a.createOffer());
    expect(b.canTrickleIceCandidates).toBe(true);
    a.close();
    b.close();
  });

  test('every on<event> attribute exists and starts null', () => {
    const pc = new RTCPeerConnection();
    for (const type of ['negotiationneeded', 'signalingstatechange', 'icecandidate', 'icecandidateerror', 'iceconnectionstatechange', 'icegatheringstatechange', 'connectionstatechange', 'track', 'datachannel']) {
      expect((pc as unknown as Record<string, unknown>)[`on${type}`]).toBeNull();
    }
    pc.close();
  });

  test('on<event> handlers and addEventListener listeners both run', async () => {
    const pc = new RTCPeerConnection();
    const calls: string[] = [];
    pc.onnegotiationneeded = () => calls.push('handler');
    pc.addEventListener('negotiationneeded', () => calls.push('listener'));
    pc.addTransceiver('audio');
    await nextTask();
    expect(calls).toEqual(['handler', 'listener']);
    pc.close();
  });

  test('an invalid configuration member throws TypeError', () => {
    // deliberate: an invalid enum value, to check the TypeError
    expect(() => new RTCPeerConnection({ bundlePolicy: 'bogus' as unknown as RTCBundlePolicy })).toThrow(TypeError);
  });

  test('getConfiguration returns the defaults', () => {
    const pc = new RTCPeerConnection();
    const c = pc.getConfiguration();
    expect(c.bundlePolicy).toBe('balanced');
    expect(c.rtcpMuxPolicy).toBe('require');
    expect(c.iceTransportPolicy).toBe('all');
    expect(c.iceServers).toEqual([]);
    pc.close();
  });

  test('setConfiguration rejects a bundlePolicy change with InvalidModificationError', () => {
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
    expect(() => pc.setConfiguration({ bundlePolicy: 'balanced' })).toThrow(expect.objectContaining({ name: 'InvalidModificationError' }));
    pc.close();
  });

  test('setConfiguration on a closed connection throws InvalidStateError', () => {
    const pc = new RTCPeerConnection();
    pc.close();
    expect(() => pc.setConfiguration({})).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
  });

  test('setConfiguration rejects an iceCandidatePoolSize change after setLocalDescription', async () => {
    const pc = new RTCPeerConnection();
    await pc.setLocalDescription(await pc.createOffer());
    expect(() => pc.setConfiguration({ iceCandidatePoolSize: 3 })).toThrow(expect.objectContaining({ name: 'InvalidModificationError' }));
    pc.close();
  });

  test('static generateCertificate returns an RTCCertificate', async () => {
    const cert = await RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' });
    expect(cert).toBeInstanceOf(RTCCertificate);
  });

  test('offers carry the configured certificate fingerprint (sha-256)', async () => {
    const cert = (await RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' })) as RTCCertificate;
    const pc = new RTCPeerConnection({ certificates: [cert] });
    pc.addTransceiver('audio');
    const offer = await pc.createOffer();
    const fp = cert.getFingerprints().find((f) => f.algorithm === 'sha-256')!;
    expect(offer.sdp).toContain(`a=fingerprint:sha-256 ${fp.value.toUpperCase()}`);
    pc.close();
  });

  test('without certificates a generated one is used, the same for every offer', async () => {
    const pc = new RTCPeerConnection();
    pc.addTransceiver('audio');
    const o1 = await pc.createOffer();
    const o2 = await pc.createOffer();
    const f1 = /a=fingerprint:sha-256 ([0-9A-F:]+)/.exec(o1.sdp!)?.[1];
    expect(f1).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(/a=fingerprint:sha-256 ([0-9A-F:]+)/.exec(o2.sdp!)?.[1]).toBe(f1);
    pc.close();
  });

  test('two connections get different certificates', async () => {
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    a.createDataChannel('x');
    b.createDataChannel('x');
    const fa = /a=fingerprint:\S+ (\S+)/.exec((await a.createOffer()).sdp!)?.[1];
    const fb = /a=fingerprint:\S+ (\S+)/.exec((await b.createOffer()).sdp!)?.[1];
    expect(fa).not.toBe(fb);
    a.close();
    b.close();
  });

  test('getStats resolves with a report holding the peer-connection stats (webrtc-stats RTCPeerConnectionStats)', async () => {
    const pc = new RTCPeerConnection();
    const report = await pc.getStats();
    expect(report.size).toBe(1);
    expect([...report.values()][0]).toMatchObject({ type: 'peer-connection', dataChannelsOpened: 0, dataChannelsClosed: 0 });
    pc.close();
  });
});

describe('the interface object (WebIDL §3.7.1)', () => {
  test('RTCPeerConnection.length is 0: the configuration argument is optional', () => {
    expect(RTCPeerConnection.length).toBe(0);
  });
  test('null and undefined options are accepted', () => {
    expect(() => new RTCPeerConnection(undefined, undefined).close()).not.toThrow();
    expect(() => new RTCPeerConnection(null, null as never).close()).not.toThrow();
  });
});

describe('operation lengths (WebIDL §3.7.7: the number of required arguments)', () => {
  test.each([
    ['createOffer', 0],
    ['createAnswer', 0],
    ['setLocalDescription', 0],
    ['setRemoteDescription', 1],
    ['addIceCandidate', 0],
    ['restartIce', 0],
    ['getConfiguration', 0],
    ['setConfiguration', 0],
    ['close', 0],
    ['getStats', 0],
    ['getSenders', 0],
    ['addTrack', 1],
    ['removeTrack', 1],
    ['addTransceiver', 1],
    ['createDataChannel', 1],
  ])('%s.length is %i', (name, length) => {
    expect((RTCPeerConnection.prototype as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!.length).toBe(length);
  });
});
