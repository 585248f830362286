import {
  defineEventHandlers,
  MediaStreamTrackEvent,
  RTCDataChannelEvent,
  RTCErrorEvent,
  RTCPeerConnectionIceErrorEvent,
  RTCPeerConnectionIceEvent,
  RTCTrackEvent,
} from '../src/events.js';
import { registerInterface } from '../src/webidl.js';

// Stand-ins for the interfaces other files define; registered so the
// constructors' interface checks apply.
class FakeReceiver {}
class FakeTransceiver {}
class FakeChannel {}
class FakeTrack {}
class FakeStream {}
class FakeCandidate {}
class FakeError {}
registerInterface('RTCRtpReceiver', (v) => v instanceof FakeReceiver);
registerInterface('RTCRtpTransceiver', (v) => v instanceof FakeTransceiver);
registerInterface('RTCDataChannel', (v) => v instanceof FakeChannel);
registerInterface('MediaStreamTrack', (v) => v instanceof FakeTrack);
registerInterface('MediaStream', (v) => v instanceof FakeStream);
registerInterface('RTCIceCandidate', (v) => v instanceof FakeCandidate);
registerInterface('RTCError', (v) => v instanceof FakeError);

class Target extends EventTarget {
  declare onping: ((e: Event) => unknown) | null;
}
defineEventHandlers(Target.prototype, ['ping']);

describe('event handler attributes', () => {
  test('default to null', () => {
    expect(new Target().onping).toBeNull();
  });
  test('are accessors on the prototype', () => {
    const d = Object.getOwnPropertyDescriptor(Target.prototype, 'onping')!;
    expect(typeof d.get).toBe('function');
    expect(typeof d.set).toBe('function');
    expect(Object.prototype.hasOwnProperty.call(new Target(), 'onping')).toBe(false);
  });
  test('a handler is called with the event and the target as this', () => {
    const t = new Target();
    const calls: unknown[] = [];
    t.onping = function (this: unknown, e: Event) {
      calls.push(this, e.type);
    };
    t.dispatchEvent(new Event('ping'));
    expect(calls).toEqual([t, 'ping']);
  });
  test('works alongside addEventListener', () => {
    const t = new Target();
    const order: string[] = [];
    t.addEventListener('ping', () => order.push('listener'));
    t.onping = () => order.push('handler');
    t.dispatchEvent(new Event('ping'));
    expect(order).toEqual(['listener', 'handler']);
  });
  test('reassigning keeps the original registration position', () => {
    const t = new Target();
    const order: string[] = [];
    t.onping = () => order.push('first');
    t.addEventListener('ping', () => order.push('listener'));
    t.onping = () => order.push('second');
    t.dispatchEvent(new Event('ping'));
    expect(order).toEqual(['second', 'listener']);
  });
  test('null removes the handler and a later value registers at the end', () => {
    const t = new Target();
    const order: string[] = [];
    t.onping = () => order.push('h1');
    t.addEventListener('ping', () => order.push('listener'));
    t.onping = null;
    t.dispatchEvent(new Event('ping'));
    t.onping = () => order.push('h2');
    t.dispatchEvent(new Event('ping'));
    expect(order).toEqual(['listener', 'listener', 'h2']);
  });
  test('a non-object value becomes null', () => {
    const t = new Target();
    t.onping = () => undefined;
    (t as unknown as { onping: unknown }).onping = 'string';
    expect(t.onping).toBeNull();
    (t as unknown as { onping: unknown }).onping = 5;
    expect(t.onping).toBeNull();
  });
  test('a non-callable object is kept and ignored when firing', () => {
    const t = new Target();
    const obj = { handleEvent: () => 1 };
    (t as unknown as { onping: unknown }).onping = obj;
    expect(t.onping).toBe(obj);
    expect(() => t.dispatchEvent(new Event('ping'))).not.toThrow();
  });
  test('returning false cancels a cancelable event', () => {
    const t = new Target();
    t.onping = () => false;
    const e = new Event('ping', { cancelable: true });
    t.dispatchEvent(e);
    expect(e.defaultPrevented).toBe(true);
  });
  test('handlers are per instance', () => {
    const a = new Target();
    const b = new Target();
    let n = 0;
    a.onping = () => n++;
    b.dispatchEvent(new Event('ping'));
    expect(n).toBe(0);
    expect(b.onping).toBeNull();
  });
  test('are enumerable', () => {
    expect(Object.getOwnPropertyDescriptor(Target.prototype, 'onping')!.enumerable).toBe(true);
  });
});

describe('RTCPeerConnectionIceEvent', () => {
  test('throws TypeError without arguments', () => {
    expect(() => new (RTCPeerConnectionIceEvent as any)()).toThrow(TypeError);
  });
  test('defaults: candidate and url null, not bubbling, not cancelable', () => {
    const e = new RTCPeerConnectionIceEvent('icecandidate');
    expect(e.candidate).toBeNull();
    expect(e.url).toBeNull();
    expect(e.bubbles).toBe(false);
    expect(e.cancelable).toBe(false);
  });
  test('an empty init gives the defaults', () => {
    const e = new RTCPeerConnectionIceEvent('icecandidate', {});
    expect(e.candidate).toBeNull();
    expect(e.url).toBeNull();
  });
  test('candidate undefined is null', () => {
    expect(new RTCPeerConnectionIceEvent('t', { candidate: undefined }).candidate).toBeNull();
  });
  test('carries an RTCIceCandidate and url', () => {
    const c = new FakeCandidate();
    const e = new RTCPeerConnectionIceEvent('t', { candidate: c, url: 'stun:foo.bar' });
    expect(e.candidate).toBe(c);
    expect(e.url).toBe('stun:foo.bar');
  });
  test('a non-RTCIceCandidate candidate is a TypeError', () => {
    expect(() => new RTCPeerConnectionIceEvent('t', { candidate: { candidate: '', sdpMid: '0' } })).toThrow(TypeError);
  });
  test('bubbles and cancelable come from the init', () => {
    const e = new RTCPeerConnectionIceEvent('t', { candidate: null, bubbles: true, cancelable: true });
    expect(e.bubbles).toBe(true);
    expect(e.cancelable).toBe(true);
  });
  test('is an Event of the runtime', () => {
    expect(new RTCPeerConnectionIceEvent('t')).toBeInstanceOf(Event);
  });
  test('constructor length is 1', () => {
    expect(RTCPeerConnectionIceEvent.length).toBe(1);
  });
  test('attributes are prototype getters', () => {
    expect(Object.prototype.hasOwnProperty.call(new RTCPeerConnectionIceEvent('t'), 'candidate')).toBe(false);
    expect(typeof Object.getOwnPropertyDescriptor(RTCPeerConnectionIceEvent.prototype, 'candidate')!.get).toBe('function');
  });
  test('a non-object init is a TypeError', () => {
    expect(() => new RTCPeerConnectionIceEvent('t', 5 as any)).toThrow(TypeError);
  });
});

describe('RTCPeerConnectionIceErrorEvent', () => {
  test('errorCode is required', () => {
    expect(() => new RTCPeerConnectionIceErrorEvent('t', {} as any)).toThrow(TypeError);
  });
  test('the init dictionary is required', () => {
    expect(() => new (RTCPeerConnectionIceErrorEvent as any)('t')).toThrow(TypeError);
  });
  test('defaults: address and port null, url and errorText empty', () => {
    const e = new RTCPeerConnectionIceErrorEvent('icecandidateerror', { errorCode: 701 });
    expect(e.address).toBeNull();
    expect(e.port).toBeNull();
    expect(e.url).toBe('');
    expect(e.errorText).toBe('');
    expect(e.errorCode).toBe(701);
  });
  test('carries every member', () => {
    const e = new RTCPeerConnectionIceErrorEvent('t', {
      address: '192.0.2.1',
      port: 5000,
      url: 'turn:example.org',
      errorCode: 401,
      errorText: 'Unauthorized',
    });
    expect([e.address, e.port, e.url, e.errorCode, e.errorText]).toEqual([
      '192.0.2.1',
      5000,
      'turn:example.org',
      401,
      'Unauthorized',
    ]);
  });
  test('errorCode is an unsigned short (modulo conversion)', () => {
    expect(new RTCPeerConnectionIceErrorEvent('t', { errorCode: 65536 + 300 }).errorCode).toBe(300);
  });
});

describe('RTCTrackEvent', () => {
  const full = () => ({ receiver: new FakeReceiver(), track: new FakeTrack(), transceiver: new FakeTransceiver() });
  test('carries receiver, track and transceiver', () => {
    const init = full();
    const e = new RTCTrackEvent('track', init);
    expect(e.receiver).toBe(init.receiver);
    expect(e.track).toBe(init.track);
    expect(e.transceiver).toBe(init.transceiver);
  });
  test('streams default to an empty frozen array', () => {
    const e = new RTCTrackEvent('track', full());
    expect(e.streams).toEqual([]);
    expect(Object.isFrozen(e.streams)).toBe(true);
  });
  test('streams is a frozen array returned as the same object each time', () => {
    const s = new FakeStream();
    const e = new RTCTrackEvent('track', { ...full(), streams: [s] });
    expect(e.streams).toEqual([s]);
    expect(e.streams).toBe(e.streams);
    expect(Object.isFrozen(e.streams)).toBe(true);
  });
  test('a missing receiver is a TypeError', () => {
    const { track, transceiver } = full();
    expect(() => new RTCTrackEvent('track', { track, transceiver } as any)).toThrow(TypeError);
  });
  test('a missing track is a TypeError', () => {
    const { receiver, transceiver } = full();
    expect(() => new RTCTrackEvent('track', { receiver, transceiver } as any)).toThrow(TypeError);
  });
  test('a missing transceiver is a TypeError', () => {
    const { receiver, track } = full();
    expect(() => new RTCTrackEvent('track', { receiver, track } as any)).toThrow(TypeError);
  });
  test('a wrongly typed member is a TypeError', () => {
    expect(() => new RTCTrackEvent('track', { ...full(), track: {} })).toThrow(TypeError);
  });
  test('streams that are not a sequence are a TypeError', () => {
    expect(() => new RTCTrackEvent('track', { ...full(), streams: new FakeStream() as any })).toThrow(TypeError);
  });
  test('the init dictionary is required', () => {
    expect(() => new (RTCTrackEvent as any)('track')).toThrow(TypeError);
  });
});

describe('RTCDataChannelEvent', () => {
  test('constructor length is 2', () => {
    expect(RTCDataChannelEvent.length).toBe(2);
  });
  test('without the init dictionary is a TypeError', () => {
    expect(() => new (RTCDataChannelEvent as any)('type')).toThrow(TypeError);
  });
  test('channel null is a TypeError', () => {
    expect(() => new RTCDataChannelEvent('type', { channel: null })).toThrow(TypeError);
  });
  test('channel undefined is a TypeError', () => {
    expect(() => new RTCDataChannelEvent('type', { channel: undefined })).toThrow(TypeError);
  });
  test('carries the channel', () => {
    const dc = new FakeChannel();
    const e = new RTCDataChannelEvent('datachannel', { channel: dc });
    expect(e).toBeInstanceOf(RTCDataChannelEvent);
    expect(e.channel).toBe(dc);
    expect(e.type).toBe('datachannel');
  });
});

describe('RTCErrorEvent', () => {
  test('error is required', () => {
    expect(() => new RTCErrorEvent('error', {} as any)).toThrow(TypeError);
  });
  test('error must be an RTCError', () => {
    expect(() => new RTCErrorEvent('error', { error: new Error('x') })).toThrow(TypeError);
  });
  test('carries the error', () => {
    const err = new FakeError();
    expect(new RTCErrorEvent('error', { error: err }).error).toBe(err);
  });
});

describe('MediaStreamTrackEvent', () => {
  test('track is required', () => {
    expect(() => new MediaStreamTrackEvent('addtrack', {} as any)).toThrow(TypeError);
  });
  test('carries the track', () => {
    const t = new FakeTrack();
    expect(new MediaStreamTrackEvent('addtrack', { track: t }).track).toBe(t);
  });
  test('has the class string of its interface', () => {
    expect(Object.prototype.toString.call(new MediaStreamTrackEvent('addtrack', { track: new FakeTrack() }))).toBe(
      '[object MediaStreamTrackEvent]',
    );
  });
});
