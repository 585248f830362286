import { createMediaStreamTrack, kEndSource, kSetSourceMuted, kSourceId, MediaStreamTrack } from '../src/MediaStreamTrack.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('MediaStreamTrack basics', () => {
  test('is not constructible by applications', () => {
    expect(() => new (MediaStreamTrack as any)()).toThrow(TypeError);
  });
  test('createMediaStreamTrack makes a live, enabled, unmuted track', () => {
    const t = createMediaStreamTrack('audio');
    expect(t.kind).toBe('audio');
    expect(t.readyState).toBe('live');
    expect(t.enabled).toBe(true);
    expect(t.muted).toBe(false);
    expect(t.label).toBe('');
    expect(t.contentHint).toBe('');
  });
  test('an invalid kind is a TypeError', () => {
    expect(() => createMediaStreamTrack('data' as any)).toThrow(TypeError);
  });
  test('id is a UUID, unique per track', () => {
    const a = createMediaStreamTrack('video');
    const b = createMediaStreamTrack('video');
    expect(a.id).toMatch(UUID);
    expect(a.id).not.toBe(b.id);
  });
  test('label, muted and id come from the options', () => {
    const t = createMediaStreamTrack('video', { label: 'cam', muted: true, id: 'abc' });
    expect([t.label, t.muted, t.id]).toEqual(['cam', true, 'abc']);
  });
  test('is an EventTarget with prototype attributes', () => {
    const t = createMediaStreamTrack('audio');
    expect(t).toBeInstanceOf(EventTarget);
    expect(Object.keys(t)).toEqual([]);
    expect(Object.prototype.toString.call(t)).toBe('[object MediaStreamTrack]');
  });
  test('kind is readonly', () => {
    const t = createMediaStreamTrack('audio');
    expect(() => {
      (t as any).kind = 'video';
    }).toThrow(TypeError);
  });
});

describe('enabled and contentHint', () => {
  test('enabled is settable and converted to boolean', () => {
    const t = createMediaStreamTrack('audio');
    t.enabled = 0 as any;
    expect(t.enabled).toBe(false);
    t.enabled = 'yes' as any;
    expect(t.enabled).toBe(true);
  });
  test('setting enabled fires no event', () => {
    const t = createMediaStreamTrack('audio');
    const seen: string[] = [];
    for (const type of ['mute', 'unmute', 'ended']) t.addEventListener(type, () => seen.push(type));
    t.enabled = false;
    expect(seen).toEqual([]);
  });
  test('a valid content hint for the kind is kept', () => {
    const a = createMediaStreamTrack('audio');
    a.contentHint = 'speech';
    expect(a.contentHint).toBe('speech');
    const v = createMediaStreamTrack('video');
    v.contentHint = 'detail';
    expect(v.contentHint).toBe('detail');
  });
  test('an invalid content hint is ignored', () => {
    const a = createMediaStreamTrack('audio');
    a.contentHint = 'music';
    a.contentHint = 'motion';
    expect(a.contentHint).toBe('music');
  });
});

describe('stop', () => {
  test('ends the track and returns undefined', () => {
    const t = createMediaStreamTrack('audio');
    expect(t.stop()).toBeUndefined();
    expect(t.readyState).toBe('ended');
  });
  test('fires no ended event', () => {
    const t = createMediaStreamTrack('audio');
    let fired = 0;
    t.onended = () => fired++;
    t.addEventListener('ended', () => fired++);
    t.stop();
    expect(fired).toBe(0);
  });
  test('is idempotent', () => {
    const t = createMediaStreamTrack('audio');
    t.stop();
    expect(() => t.stop()).not.toThrow();
    expect(t.readyState).toBe('ended');
  });
  test('stopping a clone leaves the original live', () => {
    const t = createMediaStreamTrack('audio');
    const c = t.clone();
    c.stop();
    expect(t.readyState).toBe('live');
  });
});

describe('clone', () => {
  test('has a new id and the same kind, label, enabled, muted, contentHint', () => {
    const t = createMediaStreamTrack('video', { label: 'cam', muted: true });
    t.enabled = false;
    t.contentHint = 'text';
    const c = t.clone();
    expect(c).toBeInstanceOf(MediaStreamTrack);
    expect(c.id).not.toBe(t.id);
    expect([c.kind, c.label, c.enabled, c.muted, c.contentHint, c.readyState]).toEqual(['video', 'cam', false, true, 'text', 'live']);
  });
  test('a clone of an ended track is ended', () => {
    const t = createMediaStreamTrack('audio');
    t.stop();
    expect(t.clone().readyState).toBe('ended');
  });
  test('shares the source', () => {
    const t = createMediaStreamTrack('audio');
    expect(t.clone()[kSourceId]).toBe(t[kSourceId]);
  });
  test('copies constraints', async () => {
    const t = createMediaStreamTrack('audio');
    await t.applyConstraints({ echoCancellation: true });
    expect(t.clone().getConstraints()).toEqual({ echoCancellation: true });
  });
});

describe('settings, constraints, capabilities', () => {
  test('getSettings returns a fresh copy of the source settings', () => {
    const t = createMediaStreamTrack('video', { settings: { width: 640, height: 480 } });
    const s = t.getSettings();
    expect(s).toEqual({ width: 640, height: 480 });
    s.width = 1;
    expect(t.getSettings().width).toBe(640);
  });
  test('getCapabilities returns the source capabilities', () => {
    expect(createMediaStreamTrack('audio', { capabilities: { sampleRate: { min: 8000, max: 48000 } } }).getCapabilities()).toEqual({
      sampleRate: { min: 8000, max: 48000 },
    });
  });
  test('getConstraints is empty at first', () => {
    expect(createMediaStreamTrack('audio').getConstraints()).toEqual({});
  });
  test('applyConstraints resolves with undefined and records the constraints', async () => {
    const t = createMediaStreamTrack('video');
    await expect(t.applyConstraints({ width: { ideal: 320 } })).resolves.toBeUndefined();
    expect(t.getConstraints()).toEqual({ width: { ideal: 320 } });
  });
  test('applyConstraints() with no argument resets to {}', async () => {
    const t = createMediaStreamTrack('video');
    await t.applyConstraints({ width: 1 });
    await t.applyConstraints();
    expect(t.getConstraints()).toEqual({});
  });
  test('applyConstraints with a non-object rejects with TypeError and does not throw', async () => {
    const t = createMediaStreamTrack('video');
    const p = t.applyConstraints(5 as any);
    await expect(p).rejects.toBeInstanceOf(TypeError);
  });
});

describe('media-layer hooks', () => {
  test('muting the source sets muted and fires mute', () => {
    const t = createMediaStreamTrack('audio');
    const seen: string[] = [];
    t.onmute = (e) => seen.push(`on${e.type}:${t.muted}`);
    t.addEventListener('mute', () => seen.push('listener'));
    t[kSetSourceMuted](true);
    expect(t.muted).toBe(true);
    expect(seen).toEqual(['onmute:true', 'listener']);
  });
  test('unmuting fires unmute', () => {
    const t = createMediaStreamTrack('audio', { muted: true });
    let n = 0;
    t.onunmute = () => n++;
    t[kSetSourceMuted](false);
    expect(t.muted).toBe(false);
    expect(n).toBe(1);
  });
  test('setting the same muted state fires nothing', () => {
    const t = createMediaStreamTrack('audio', { muted: true });
    let n = 0;
    t.onmute = () => n++;
    t[kSetSourceMuted](true);
    expect(n).toBe(0);
  });
  test('muting reaches every live clone', () => {
    const t = createMediaStreamTrack('audio');
    const c = t.clone();
    let n = 0;
    c.onmute = () => n++;
    t[kSetSourceMuted](true);
    expect(c.muted).toBe(true);
    expect(n).toBe(1);
  });
  test('a stopped track is not muted or unmuted by its source', () => {
    const t = createMediaStreamTrack('audio');
    const c = t.clone();
    c.stop();
    t[kSetSourceMuted](true);
    expect(c.muted).toBe(false);
  });
  test('ending the source ends the track and fires ended', () => {
    const t = createMediaStreamTrack('video');
    const seen: string[] = [];
    t.onended = () => seen.push(t.readyState);
    t[kEndSource]();
    expect(t.readyState).toBe('ended');
    expect(seen).toEqual(['ended']);
  });
  test('ending the source fires ended on clones, not on stopped tracks', () => {
    const t = createMediaStreamTrack('video');
    const c = t.clone();
    const stopped = t.clone();
    stopped.stop();
    let ended = 0;
    c.onended = () => ended++;
    stopped.onended = () => ended += 100;
    t[kEndSource]();
    expect(c.readyState).toBe('ended');
    expect(ended).toBe(1);
  });
  test('ended fires once', () => {
    const t = createMediaStreamTrack('audio');
    let n = 0;
    t.onended = () => n++;
    t[kEndSource]();
    t[kEndSource]();
    expect(n).toBe(1);
  });
  test('a clone made after the source ended is ended', () => {
    const t = createMediaStreamTrack('audio');
    t[kEndSource]();
    expect(t.clone().readyState).toBe('ended');
  });
});
