import {
  RTCSessionDescription,
  toLocalSessionDescriptionInit,
  toSessionDescriptionInit,
} from '../src/RTCSessionDescription.js';

describe('RTCSessionDescription', () => {
  test('carries type and sdp', () => {
    const d = new RTCSessionDescription({ type: 'offer', sdp: 'v=0\r\n' });
    expect(d.type).toBe('offer');
    expect(d.sdp).toBe('v=0\r\n');
  });
  test('sdp defaults to the empty string', () => {
    expect(new RTCSessionDescription({ type: 'rollback' }).sdp).toBe('');
  });
  test('a missing type is a TypeError', () => {
    expect(() => new RTCSessionDescription({ sdp: '' } as any)).toThrow(TypeError);
  });
  test('an invalid type is a TypeError', () => {
    expect(() => new RTCSessionDescription({ type: 'bogus' as any })).toThrow(TypeError);
  });
  test('no argument is a TypeError', () => {
    expect(() => new (RTCSessionDescription as any)()).toThrow(TypeError);
  });
  test('all four RTCSdpType values are accepted', () => {
    for (const t of ['offer', 'pranswer', 'answer', 'rollback'] as const) {
      expect(new RTCSessionDescription({ type: t }).type).toBe(t);
    }
  });
  test('sdp is DOMString-converted', () => {
    expect(new RTCSessionDescription({ type: 'offer', sdp: 5 as any }).sdp).toBe('5');
  });
  test('attributes are readonly prototype getters', () => {
    const d = new RTCSessionDescription({ type: 'offer', sdp: 'x' });
    expect(Object.keys(d)).toEqual([]);
    expect(() => {
      (d as any).type = 'answer';
    }).toThrow(TypeError);
    expect(d.type).toBe('offer');
  });
  test('toJSON returns type and sdp', () => {
    const d = new RTCSessionDescription({ type: 'answer', sdp: 'v=0\r\n' });
    expect(d.toJSON()).toEqual({ type: 'answer', sdp: 'v=0\r\n' });
    expect(JSON.parse(JSON.stringify(d))).toEqual({ type: 'answer', sdp: 'v=0\r\n' });
  });
  test('can be built from another RTCSessionDescription', () => {
    const a = new RTCSessionDescription({ type: 'pranswer', sdp: 'x' });
    const b = new RTCSessionDescription(a);
    expect(b.type).toBe('pranswer');
    expect(b.sdp).toBe('x');
  });
  test('has the class string RTCSessionDescription', () => {
    expect(Object.prototype.toString.call(new RTCSessionDescription({ type: 'offer' }))).toBe(
      '[object RTCSessionDescription]',
    );
  });
});

describe('description init conversion', () => {
  test('toSessionDescriptionInit requires type', () => {
    expect(() => toSessionDescriptionInit({})).toThrow(TypeError);
    expect(() => toSessionDescriptionInit(undefined)).toThrow(TypeError);
  });
  test('toSessionDescriptionInit rejects non-objects', () => {
    expect(() => toSessionDescriptionInit('offer')).toThrow(TypeError);
  });
  test('toSessionDescriptionInit reads an RTCSessionDescription', () => {
    expect(toSessionDescriptionInit(new RTCSessionDescription({ type: 'offer', sdp: 's' }))).toEqual({
      type: 'offer',
      sdp: 's',
    });
  });
  test('toLocalSessionDescriptionInit allows a missing type', () => {
    expect(toLocalSessionDescriptionInit(undefined)).toEqual({ sdp: '' });
    expect(toLocalSessionDescriptionInit({ sdp: 'x' })).toEqual({ sdp: 'x' });
  });
  test('toLocalSessionDescriptionInit still rejects an invalid type', () => {
    expect(() => toLocalSessionDescriptionInit({ type: 'nope' })).toThrow(TypeError);
  });
});
