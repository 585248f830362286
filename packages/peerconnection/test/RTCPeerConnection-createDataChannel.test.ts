import { RTCDataChannel, RTCPeerConnection } from '@purertc/peerconnection';
import { negotiate, nextTask, record } from './helpers/signaling';

const pcs: RTCPeerConnection[] = [];
function pc(): RTCPeerConnection {
  const p = new RTCPeerConnection();
  pcs.push(p);
  return p;
}
afterEach(() => pcs.splice(0).forEach((p) => p.close()));

describe('createDataChannel (webrtc-pc §6.1)', () => {
  test('returns an RTCDataChannel (an EventTarget) with the defaults', () => {
    const dc = pc().createDataChannel('chat');
    expect(dc).toBeInstanceOf(RTCDataChannel);
    expect(dc).toBeInstanceOf(EventTarget);
    expect(dc.label).toBe('chat');
    expect(dc.ordered).toBe(true);
    expect(dc.maxPacketLifeTime).toBeNull();
    expect(dc.maxRetransmits).toBeNull();
    expect(dc.protocol).toBe('');
    expect(dc.negotiated).toBe(false);
    expect(dc.id).toBeNull();
    expect(dc.readyState).toBe('connecting');
    expect(dc.bufferedAmount).toBe(0);
    expect(dc.bufferedAmountLowThreshold).toBe(0);
  });

  test('binaryType is "arraybuffer" initially (the spec value) and accepts "blob"', () => {
    const dc = pc().createDataChannel('x');
    expect(dc.binaryType).toBe('arraybuffer');
    dc.binaryType = 'blob';
    expect(dc.binaryType).toBe('blob');
  });

  test('an invalid binaryType is ignored', () => {
    const dc = pc().createDataChannel('x');
    (dc as { binaryType: string }).binaryType = 'text';
    expect(dc.binaryType).toBe('arraybuffer');
  });

  test('init members are reflected', () => {
    const dc = pc().createDataChannel('x', { ordered: false, maxRetransmits: 3, protocol: 'p' });
    expect(dc.ordered).toBe(false);
    expect(dc.maxRetransmits).toBe(3);
    expect(dc.protocol).toBe('p');
  });

  test('the label is converted with ToString', () => {
    expect(pc().createDataChannel(null as never).label).toBe('null');
  });

  test('a negotiated channel has its id immediately', () => {
    const dc = pc().createDataChannel('x', { negotiated: true, id: 42 });
    expect(dc.id).toBe(42);
    expect(dc.negotiated).toBe(true);
  });

  test('an id without negotiated is ignored (null until the DTLS role is known)', () => {
    expect(pc().createDataChannel('x', { id: 42 }).id).toBeNull();
  });

  test('a label longer than 65535 UTF-8 bytes throws TypeError', () => {
    expect(() => pc().createDataChannel('é'.repeat(32768))).toThrow(TypeError);
  });

  test('a label of exactly 65535 bytes is accepted', () => {
    expect(pc().createDataChannel('a'.repeat(65535)).label).toHaveLength(65535);
  });

  test('a protocol longer than 65535 UTF-8 bytes throws TypeError', () => {
    expect(() => pc().createDataChannel('x', { protocol: 'a'.repeat(65536) })).toThrow(TypeError);
  });

  test('both maxPacketLifeTime and maxRetransmits throw TypeError', () => {
    expect(() => pc().createDataChannel('x', { maxPacketLifeTime: 1, maxRetransmits: 1 })).toThrow(TypeError);
  });

  test('negotiated without id throws TypeError', () => {
    expect(() => pc().createDataChannel('x', { negotiated: true })).toThrow(TypeError);
  });

  test('id 65535 throws TypeError', () => {
    expect(() => pc().createDataChannel('x', { negotiated: true, id: 65535 })).toThrow(TypeError);
  });

  test('id 65536 throws TypeError ([EnforceRange] unsigned short)', () => {
    expect(() => pc().createDataChannel('x', { negotiated: true, id: 65536 })).toThrow(TypeError);
  });

  test('maxRetransmits -1 throws TypeError ([EnforceRange])', () => {
    expect(() => pc().createDataChannel('x', { maxRetransmits: -1 })).toThrow(TypeError);
  });

  test('a negotiated id already in use throws OperationError', () => {
    const p = pc();
    p.createDataChannel('a', { negotiated: true, id: 7 });
    expect(() => p.createDataChannel('b', { negotiated: true, id: 7 })).toThrow(expect.objectContaining({ name: 'OperationError' }));
  });

  test('on a closed connection throws InvalidStateError', () => {
    const p = pc();
    p.close();
    expect(() => p.createDataChannel('x')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
  });

  test('without arguments throws TypeError', () => {
    expect(() => (pc().createDataChannel as () => unknown)()).toThrow(TypeError);
  });

  test('the constructor is not callable by users', () => {
    expect(() => new (RTCDataChannel as unknown as new () => unknown)()).toThrow(TypeError);
  });
});

describe('RTCDataChannel before transports (webrtc-pc §6.2)', () => {
  test('send() while connecting throws InvalidStateError', () => {
    const dc = pc().createDataChannel('x');
    expect(() => dc.send('hi')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
  });

  test('send() with no argument throws TypeError', () => {
    const dc = pc().createDataChannel('x');
    expect(() => (dc.send as () => void)()).toThrow(TypeError);
  });

  test('send(null) throws TypeError', () => {
    const dc = pc().createDataChannel('x');
    expect(() => dc.send(null as never)).toThrow(TypeError);
  });

  test('close() moves to closing, then closed with a close event (no closing event)', async () => {
    const dc = pc().createDataChannel('x');
    const log = record(dc, ['closing', 'close']);
    dc.close();
    expect(dc.readyState).toBe('closing');
    await nextTask();
    expect(dc.readyState).toBe('closed');
    expect(log).toEqual(['close']);
  });

  test('onclose handler runs', async () => {
    const dc = pc().createDataChannel('x');
    let called = false;
    dc.onclose = () => (called = true);
    dc.close();
    await nextTask();
    expect(called).toBe(true);
  });

  test('close() twice fires close once', async () => {
    const dc = pc().createDataChannel('x');
    const log = record(dc, ['close']);
    dc.close();
    dc.close();
    await nextTask();
    expect(log).toEqual(['close']);
  });

  test('pc.close() closes channels abruptly without events', async () => {
    const p = pc();
    const dc = p.createDataChannel('x');
    const log = record(dc, ['closing', 'close', 'error']);
    p.close();
    expect(dc.readyState).toBe('closed');
    await nextTask();
    expect(log).toEqual([]);
  });

  test('bufferedAmountLowThreshold is settable with unsigned long wrapping', () => {
    const dc = pc().createDataChannel('x');
    dc.bufferedAmountLowThreshold = 1024;
    expect(dc.bufferedAmountLowThreshold).toBe(1024);
    dc.bufferedAmountLowThreshold = -1;
    expect(dc.bufferedAmountLowThreshold).toBe(4294967295);
  });

  test('attributes are prototype getters and on<event> handlers exist', () => {
    const dc = pc().createDataChannel('x');
    expect(Object.prototype.hasOwnProperty.call(dc, 'label')).toBe(false);
    for (const h of ['onopen', 'onclose', 'onclosing', 'onmessage', 'onerror', 'onbufferedamountlow']) {
      expect((dc as unknown as Record<string, unknown>)[h]).toBeNull();
    }
  });
});

describe('data channel ids once the DTLS role is known (webrtc-pc §4.4.1.6, RFC 8832 §6)', () => {
  test('the offerer (DTLS server after an active answer) gets odd ids at answer time', async () => {
    const a = pc();
    const b = pc();
    const dc = a.createDataChannel('x');
    expect(dc.id).toBeNull();
    await negotiate(a, b);
    expect(dc.id).toBe(1);
  });

  test('the answerer (DTLS client) gets even ids immediately after negotiation', async () => {
    const a = pc();
    const b = pc();
    a.createDataChannel('x');
    await negotiate(a, b);
    expect(b.createDataChannel('y').id).toBe(0);
    expect(b.createDataChannel('z').id).toBe(2);
  });

  test('ids skip ones taken by negotiated channels', async () => {
    const a = pc();
    const b = pc();
    a.createDataChannel('n', { negotiated: true, id: 1 });
    const dc = a.createDataChannel('x');
    await negotiate(a, b);
    expect(dc.id).toBe(3);
  });
});
