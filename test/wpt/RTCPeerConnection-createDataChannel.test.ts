/** WPT webrtc/RTCPeerConnection-createDataChannel.html, checked against our implementation (signaling-only subtests). */
import { RTCDataChannel, type RTCPeerConnection } from '@purertc/peerconnection';
import { expectThrowsDom, expectThrowsJs, newPc } from './helpers.js';

const create = (pc: RTCPeerConnection, ...args: unknown[]) => (pc.createDataChannel as (...a: unknown[]) => RTCDataChannel).apply(pc, args);

describe('RTCPeerConnection-createDataChannel', () => {
  test('createDataChannel with no argument should throw TypeError', () => {
    const pc = newPc();
    expect(pc.createDataChannel.length).toBe(1);
    expectThrowsJs(() => create(pc), TypeError);
  });

  test('createDataChannel with closed connection should throw InvalidStateError', () => {
    const pc = newPc();
    pc.close();
    expect(pc.signalingState).toBe('closed');
    expectThrowsDom(() => pc.createDataChannel(''), 'InvalidStateError');
  });

  test('createDataChannel attribute default values', () => {
    const dc = newPc().createDataChannel('');
    expect(dc).toBeInstanceOf(RTCDataChannel);
    expect(dc.label).toBe('');
    expect(dc.ordered).toBe(true);
    expect(dc.maxPacketLifeTime).toBeNull();
    expect(dc.maxRetransmits).toBeNull();
    expect(dc.protocol).toBe('');
    expect(dc.negotiated).toBe(false);
    expect(dc.id).toBeNull();
    expect(dc.readyState).toBe('connecting');
    expect(dc.bufferedAmount).toBe(0);
    expect(dc.bufferedAmountLowThreshold).toBe(0);
    // SPEC DIVERGENCE (see README): WPT expects 'blob'; the current webrtc-pc (§6.2 binaryType)
    // says "When an RTCDataChannel object is created, the binaryType attribute MUST be
    // initialized to the string "arraybuffer"".
    expect(dc.binaryType).toBe('arraybuffer');
  });

  test('createDataChannel with provided parameters should initialize attributes to provided values', () => {
    const pc = newPc();
    const dc = pc.createDataChannel('test', { ordered: false, maxRetransmits: 1, protocol: 'custom', negotiated: true, id: 3 });
    expect(dc).toBeInstanceOf(RTCDataChannel);
    expect(dc.label).toBe('test');
    expect(dc.ordered).toBe(false);
    expect(dc.maxPacketLifeTime).toBeNull();
    expect(dc.maxRetransmits).toBe(1);
    expect(dc.protocol).toBe('custom');
    expect(dc.negotiated).toBe(true);
    expect(dc.id).toBe(3);
    expect(dc.readyState).toBe('connecting');
    expect(dc.bufferedAmount).toBe(0);
    expect(dc.bufferedAmountLowThreshold).toBe(0);
    // SPEC DIVERGENCE (see README): WPT expects 'blob'; the current webrtc-pc (§6.2 binaryType)
    // says "When an RTCDataChannel object is created, the binaryType attribute MUST be
    // initialized to the string "arraybuffer"".
    expect(dc.binaryType).toBe('arraybuffer');
    const dc2 = pc.createDataChannel('test2', { ordered: false, maxPacketLifeTime: 42 });
    expect(dc2.label).toBe('test2');
    expect(dc2.maxPacketLifeTime).toBe(42);
    expect(dc2.maxRetransmits).toBeNull();
  });

  const labels: Array<[string, unknown, string]> = [
    ['"foo"', 'foo', 'foo'],
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    ['lone surrogate', '\uD800', '\uFFFD'],
  ];
  for (const [description, label, expected] of labels) {
    test(`createDataChannel with label ${description} should succeed`, () => {
      expect(create(newPc(), label).label).toBe(expected);
    });
  }

  test('createDataChannel with ordered false should succeed', () => {
    expect(newPc().createDataChannel('', { ordered: false }).ordered).toBe(false);
  });

  test('createDataChannel with ordered null/undefined should succeed', () => {
    const pc = newPc();
    expect(create(pc, '', { ordered: null }).ordered).toBe(false);
    expect(create(pc, '', { ordered: undefined }).ordered).toBe(true);
  });

  test('createDataChannel with maxPacketLifeTime 0 should succeed', () => {
    expect(newPc().createDataChannel('', { maxPacketLifeTime: 0 }).maxPacketLifeTime).toBe(0);
  });

  test('createDataChannel with maxRetransmits 0 should succeed', () => {
    expect(newPc().createDataChannel('', { maxRetransmits: 0 }).maxRetransmits).toBe(0);
  });

  test('createDataChannel with both maxPacketLifeTime and maxRetransmits undefined should succeed', () => {
    const dc = create(newPc(), '', { maxPacketLifeTime: undefined, maxRetransmits: undefined });
    expect(dc.maxPacketLifeTime).toBeNull();
    expect(dc.maxRetransmits).toBeNull();
  });

  test('createDataChannel with both maxPacketLifeTime and maxRetransmits should throw TypeError', () => {
    const pc = newPc();
    expectThrowsJs(() => pc.createDataChannel('', { maxPacketLifeTime: 0, maxRetransmits: 0 }), TypeError);
    expectThrowsJs(() => pc.createDataChannel('', { maxPacketLifeTime: 42, maxRetransmits: 42 }), TypeError);
  });

  const protocols: Array<[string, unknown, string]> = [
    ['"foo"', 'foo', 'foo'],
    ['null', null, 'null'],
    ['undefined', undefined, ''],
    ['lone surrogate', '\uD800', '\uFFFD'],
  ];
  for (const [description, protocol, expected] of protocols) {
    test(`createDataChannel with protocol ${description} should succeed`, () => {
      expect(create(newPc(), '', { protocol }).protocol).toBe(expected);
    });
  }

  for (const id of [0, 1, 65534, 65535]) {
    test(`createDataChannel with id ${id} and negotiated not set should succeed, but not set the channel's id`, () => {
      expect(newPc().createDataChannel('', { id }).id).toBeNull();
    });
  }
  for (const id of [0, 1, 65534]) {
    test(`createDataChannel with id ${id} and negotiated true should succeed, and set the channel's id`, () => {
      expect(newPc().createDataChannel('', { negotiated: true, id }).id).toBe(id);
    });
  }
  for (const id of [-1, 65536]) {
    test(`createDataChannel with id ${id} and negotiated not set should throw TypeError`, () => {
      const pc = newPc();
      expectThrowsJs(() => pc.createDataChannel('', { id }), TypeError);
    });
  }
  for (const id of [-1, 65535, 65536]) {
    test(`createDataChannel with id ${id} should throw TypeError`, () => {
      const pc = newPc();
      expectThrowsJs(() => pc.createDataChannel('', { negotiated: true, id }), TypeError);
    });
  }

  test('createDataChannel with too long label should throw TypeError', () => {
    const pc = newPc();
    expectThrowsJs(() => pc.createDataChannel('l'.repeat(65536)), TypeError);
    expectThrowsJs(() => pc.createDataChannel('l'.repeat(65536), { negotiated: true, id: 42 }), TypeError);
  });

  test('createDataChannel with too long label (2 byte unicode) should throw TypeError', () => {
    const pc = newPc();
    expectThrowsJs(() => pc.createDataChannel('\u00b5'.repeat(32768)), TypeError);
    expectThrowsJs(() => pc.createDataChannel('\u00b5'.repeat(32768), { negotiated: true, id: 42 }), TypeError);
  });

  test('createDataChannel with same label used twice should not throw', () => {
    const pc = newPc();
    const a = pc.createDataChannel('test');
    const b = pc.createDataChannel('test');
    expect(a).not.toBe(b);
  });

  test('createDataChannel with negotiated true and id should succeed', () => {
    expect(newPc().createDataChannel('', { negotiated: true, id: 42 }).negotiated).toBe(true);
  });

  test('createDataChannel with too long protocol should throw TypeError', () => {
    const pc = newPc();
    expectThrowsJs(() => pc.createDataChannel('', { protocol: 'p'.repeat(65536) }), TypeError);
    expectThrowsJs(() => pc.createDataChannel('', { protocol: 'p'.repeat(65536), negotiated: true, id: 42 }), TypeError);
  });

  test('createDataChannel with too long protocol (2 byte unicode) should throw TypeError', () => {
    const pc = newPc();
    expectThrowsJs(() => pc.createDataChannel('', { protocol: '\u00b6'.repeat(32768) }), TypeError);
    expectThrowsJs(() => pc.createDataChannel('', { protocol: '\u00b6'.repeat(32768), negotiated: true, id: 42 }), TypeError);
  });

  test('createDataChannel with maximum length label and protocol should succeed', () => {
    const label = 'l'.repeat(65535);
    const protocol = 'p'.repeat(65535);
    const dc = newPc().createDataChannel(label, { protocol });
    expect(dc.label).toBe(label);
    expect(dc.protocol).toBe(protocol);
  });

  test('createDataChannel with negotiated false should succeed', () => {
    expect(newPc().createDataChannel('', { negotiated: false }).negotiated).toBe(false);
  });

  test('createDataChannel with negotiated false and id 42 should ignore the id', () => {
    const dc = newPc().createDataChannel('', { negotiated: false, id: 42 });
    expect(dc.negotiated).toBe(false);
    expect(dc.id).toBeNull();
  });

  test('createDataChannel with negotiated true and id not defined should throw TypeError', () => {
    const pc = newPc();
    expectThrowsJs(() => pc.createDataChannel('test', { negotiated: true }), TypeError);
  });

  test('Channels created (after setRemoteDescription) should have id assigned', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const negotiatedDc = pc1.createDataChannel('negotiated-channel', { negotiated: true, id: 42 });
    expect(negotiatedDc.id).toBe(42);
    const dc1 = pc1.createDataChannel('channel');
    expect(dc1.id).toBeNull();
    const offer = await pc1.createOffer();
    await Promise.all([pc1.setLocalDescription(offer), pc2.setRemoteDescription(offer)]);
    const answer = await pc2.createAnswer();
    await pc1.setRemoteDescription(answer);
    expect(dc1.id).not.toBeNull();
    expect(dc1.id!).toBeGreaterThanOrEqual(0);
    expect(dc1.id!).toBeLessThan(65535);
    const dc2 = pc1.createDataChannel('channel');
    expect(dc2.id).not.toBeNull();
    expect(dc2.id!).toBeGreaterThanOrEqual(0);
    expect(dc2.id!).toBeLessThan(65535);
    expect(dc2).not.toBe(dc1);
    expect(dc2.label).toBe(dc1.label);
    expect(dc2.id).not.toBe(dc1.id);
    expect(negotiatedDc.id).toBe(42);
  });

  test('Reusing a data channel id that is in use should throw OperationError', () => {
    const pc = newPc();
    expect(pc.createDataChannel('channel-1', { negotiated: true, id: 42 }).id).toBe(42);
    expect(pc.createDataChannel('channel-2', { negotiated: true, id: 43 }).id).toBe(43);
    expectThrowsDom(() => pc.createDataChannel('channel-3', { negotiated: true, id: 42 }), 'OperationError');
  });

  test('Reusing a data channel id that is in use (after setRemoteDescription) should throw OperationError', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const dc1 = pc1.createDataChannel('channel-1', { negotiated: true, id: 42 });
    const dc2 = pc1.createDataChannel('channel-2', { negotiated: true, id: 43 });
    const offer = await pc1.createOffer();
    await Promise.all([pc1.setLocalDescription(offer), pc2.setRemoteDescription(offer)]);
    await pc1.setRemoteDescription(await pc2.createAnswer());
    expect(dc1.id).toBe(42);
    expect(dc2.id).toBe(43);
    expectThrowsDom(() => pc1.createDataChannel('channel-3', { negotiated: true, id: 42 }), 'OperationError');
  });

  test('Reusing a data channel id that is in use (after setRemoteDescription, negotiated via DCEP) should throw OperationError', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const dc1 = pc1.createDataChannel('channel-1');
    const offer = await pc1.createOffer();
    await Promise.all([pc1.setLocalDescription(offer), pc2.setRemoteDescription(offer)]);
    await pc1.setRemoteDescription(await pc2.createAnswer());
    expect(dc1.id).not.toBeNull();
    expectThrowsDom(() => pc1.createDataChannel('channel-2', { negotiated: true, id: dc1.id! }), 'OperationError');
  });
});
