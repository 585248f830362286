import { MediaStreamTrackEvent } from '../src/events.js';
import { kAddRemoteTrack, kCreateWithId, kRemoveRemoteTrack, MediaStream } from '../src/MediaStream.js';
import { createMediaStreamTrack, kEndSource } from '../src/MediaStreamTrack.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('MediaStream constructor', () => {
  test('new MediaStream() is empty with a UUID id', () => {
    const s = new MediaStream();
    expect(s.getTracks()).toEqual([]);
    expect(s.id).toMatch(UUID);
  });
  test('ids are unique', () => {
    expect(new MediaStream().id).not.toBe(new MediaStream().id);
  });
  test('from tracks keeps them in order, duplicates once', () => {
    const a = createMediaStreamTrack('audio');
    const v = createMediaStreamTrack('video');
    expect(new MediaStream([a, v, a]).getTracks()).toEqual([a, v]);
  });
  test('from another stream takes its tracks with a new id', () => {
    const a = createMediaStreamTrack('audio');
    const s1 = new MediaStream([a]);
    const s2 = new MediaStream(s1);
    expect(s2.getTracks()).toEqual([a]);
    expect(s2.id).not.toBe(s1.id);
  });
  test('a non-track in the sequence is a TypeError', () => {
    expect(() => new MediaStream([{} as any])).toThrow(TypeError);
  });
  test('a non-iterable argument is a TypeError', () => {
    expect(() => new MediaStream(5 as any)).toThrow(TypeError);
    expect(() => new MediaStream(undefined)).toThrow(TypeError);
  });
  test('is an EventTarget with prototype attributes', () => {
    const s = new MediaStream();
    expect(s).toBeInstanceOf(EventTarget);
    expect(Object.keys(s)).toEqual([]);
    expect(Object.prototype.toString.call(s)).toBe('[object MediaStream]');
  });
});

describe('MediaStream track access', () => {
  const a = createMediaStreamTrack('audio');
  const v = createMediaStreamTrack('video');
  test('getAudioTracks and getVideoTracks filter by kind', () => {
    const s = new MediaStream([a, v]);
    expect(s.getAudioTracks()).toEqual([a]);
    expect(s.getVideoTracks()).toEqual([v]);
  });
  test('getTrackById finds a track or returns null', () => {
    const s = new MediaStream([a, v]);
    expect(s.getTrackById(v.id)).toBe(v);
    expect(s.getTrackById('nope')).toBeNull();
  });
  test('getTracks returns a new array each time', () => {
    const s = new MediaStream([a]);
    const list = s.getTracks();
    list.pop();
    expect(s.getTracks()).toEqual([a]);
  });
});

describe('addTrack / removeTrack', () => {
  test('addTrack adds once', () => {
    const s = new MediaStream();
    const t = createMediaStreamTrack('audio');
    expect(s.addTrack(t)).toBeUndefined();
    s.addTrack(t);
    expect(s.getTracks()).toEqual([t]);
  });
  test('removeTrack removes, and ignores an absent track', () => {
    const t = createMediaStreamTrack('audio');
    const s = new MediaStream([t]);
    expect(s.removeTrack(t)).toBeUndefined();
    expect(s.getTracks()).toEqual([]);
    expect(() => s.removeTrack(t)).not.toThrow();
  });
  test("the application's addTrack/removeTrack fire no events", () => {
    const s = new MediaStream();
    const t = createMediaStreamTrack('audio');
    let n = 0;
    s.onaddtrack = () => n++;
    s.onremovetrack = () => n++;
    s.addTrack(t);
    s.removeTrack(t);
    expect(n).toBe(0);
  });
  test('a non-track is a TypeError', () => {
    expect(() => new MediaStream().addTrack({} as any)).toThrow(TypeError);
    expect(() => (new MediaStream() as any).addTrack()).toThrow(TypeError);
  });
});

describe('active', () => {
  test('an empty stream is inactive', () => {
    expect(new MediaStream().active).toBe(false);
  });
  test('a stream with a live track is active', () => {
    expect(new MediaStream([createMediaStreamTrack('audio')]).active).toBe(true);
  });
  test('becomes inactive when every track has ended', () => {
    const a = createMediaStreamTrack('audio');
    const v = createMediaStreamTrack('video');
    const s = new MediaStream([a, v]);
    a.stop();
    expect(s.active).toBe(true);
    v[kEndSource]();
    expect(s.active).toBe(false);
  });
});

describe('clone', () => {
  test('a new id and clones of every track', () => {
    const a = createMediaStreamTrack('audio');
    const s = new MediaStream([a]);
    const c = s.clone();
    expect(c.id).not.toBe(s.id);
    expect(c.getTracks()).toHaveLength(1);
    expect(c.getTracks()[0]).not.toBe(a);
    expect(c.getTracks()[0]!.kind).toBe('audio');
  });
});

describe('remote track hooks', () => {
  test('adding a remote track fires addtrack with a MediaStreamTrackEvent', () => {
    const s = new MediaStream();
    const t = createMediaStreamTrack('video');
    const seen: unknown[] = [];
    s.onaddtrack = (e) => seen.push(e instanceof MediaStreamTrackEvent, e.track, s.getTracks().length);
    s[kAddRemoteTrack](t);
    expect(seen).toEqual([true, t, 1]);
  });
  test('adding a remote track already present fires nothing', () => {
    const t = createMediaStreamTrack('video');
    const s = new MediaStream([t]);
    let n = 0;
    s.addEventListener('addtrack', () => n++);
    s[kAddRemoteTrack](t);
    expect(n).toBe(0);
  });
  test('removing a remote track fires removetrack', () => {
    const t = createMediaStreamTrack('audio');
    const s = new MediaStream([t]);
    const seen: unknown[] = [];
    s.onremovetrack = (e) => seen.push(e.type, e.track, s.getTracks().length);
    s[kRemoveRemoteTrack](t);
    expect(seen).toEqual(['removetrack', t, 0]);
  });
  test('removing an absent remote track fires nothing', () => {
    const s = new MediaStream();
    let n = 0;
    s.onremovetrack = () => n++;
    s[kRemoveRemoteTrack](createMediaStreamTrack('audio'));
    expect(n).toBe(0);
  });
});

describe('remote streams (kCreateWithId)', () => {
  test('creates an empty, real MediaStream with the given id', () => {
    const s = MediaStream[kCreateWithId]('remote-msid');
    expect(s).toBeInstanceOf(MediaStream);
    expect(Object.getPrototypeOf(s)).toBe(MediaStream.prototype);
    expect(s.id).toBe('remote-msid');
    expect(s.getTracks()).toEqual([]);
    expect(Object.prototype.toString.call(s)).toBe(Object.prototype.toString.call(new MediaStream()));
  });
  test('the id getter is the prototype one (no per-instance override)', () => {
    const s = MediaStream[kCreateWithId]('x');
    expect(Object.getOwnPropertyNames(s)).toEqual([]);
    expect(Object.getOwnPropertyDescriptor(MediaStream.prototype, 'id')!.get!.call(s)).toBe('x');
  });
  test('clone() of a remote stream gets a fresh UUID', () => {
    expect(MediaStream[kCreateWithId]('x').clone().id).toMatch(UUID);
  });
});
