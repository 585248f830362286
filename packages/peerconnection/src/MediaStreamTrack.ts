/**
 * MediaStreamTrack (W3C mediacapture-main §4.3) for runtimes that have none.
 *
 * A track is a handle on a source; clones share it. The media layer (RTP
 * receivers, synthetic sources) drives the source through the symbol-keyed
 * hooks below, which are not public API: {@link kSetSourceMuted} (a remote
 * source starting or stopping to deliver media: `mute`/`unmute` events) and
 * {@link kEndSource} (the source ended, for example the remote side stopped
 * sending: `ended` event). The hooks run the steps of a task; the caller
 * queues that task.
 *
 * Tracks cannot be constructed directly (as in browsers); non-browser
 * runtimes have no getUserMedia, so {@link createMediaStreamTrack} makes one.
 */
import { defineEventHandlers, type EventHandler, type AddEventListenerOptionsArgument, type EventListenerArgument, type RemoveEventListenerOptionsArgument } from './events.js';
import { exposeInterface, isObject, registerInterface, toBoolean, toDOMString } from './webidl.js';

/** The kind of a track. */
export type MediaStreamTrackKind = 'audio' | 'video';
/** MediaStreamTrackState. */
export type MediaStreamTrackState = 'live' | 'ended';

/** Hook: `track[kSetSourceMuted](muted)` sets the muted state of the track's source and every live track on it. */
export const kSetSourceMuted: unique symbol = Symbol('purertc.MediaStreamTrack.setSourceMuted');
/** Hook: `track[kEndSource]()` ends the track's source: every live track on it becomes 'ended' and fires `ended`. */
export const kEndSource: unique symbol = Symbol('purertc.MediaStreamTrack.endSource');
/** Hook: `track[kSourceId]` identifies the track's source (clones share it). */
export const kSourceId: unique symbol = Symbol('purertc.MediaStreamTrack.sourceId');

const constructToken = Symbol('purertc.MediaStreamTrack.construct');

/** The source behind one or more tracks (mediacapture-main §3 "source"); internal to the media layer. */
export interface TrackSource {
  readonly id: string;
  muted: boolean;
  ended: boolean;
  readonly tracks: Set<MediaStreamTrack>;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly capabilities: Readonly<Record<string, unknown>>;
}

// mediacapture-main §4.3.1 / mst-content-hint §3: valid hints per kind ('' means none).
const CONTENT_HINTS: Record<MediaStreamTrackKind, readonly string[]> = {
  audio: ['', 'speech', 'speech-recognition', 'music'],
  video: ['', 'motion', 'detail', 'text'],
};

function randomUUID(): string {
  return globalThis.crypto.randomUUID();
}

function deepCopy<T>(v: T): T {
  return structuredClone(v);
}

/** Options of {@link createMediaStreamTrack}. */
export interface CreateMediaStreamTrackOptions {
  /** The label ('' by default; browsers use the device name). */
  label?: string;
  /** Initial muted state of the source (remote tracks start muted). */
  muted?: boolean;
  /** Track id; a fresh UUID by default. */
  id?: string;
  /** What getSettings() reports (deviceId, width, sampleRate, ...). */
  settings?: Record<string, unknown>;
  /** What getCapabilities() reports. */
  capabilities?: Record<string, unknown>;
}

/** The events a MediaStreamTrack fires, by type (for addEventListener, as lib.dom's MediaStreamTrackEventMap). */
export interface MediaStreamTrackEventMap {
  ended: Event;
  mute: Event;
  unmute: Event;
}

/** Type-level only (merged into the class): addEventListener/removeEventListener typed by {@link MediaStreamTrackEventMap}, as in lib.dom. */
export interface MediaStreamTrack {
  addEventListener<K extends keyof MediaStreamTrackEventMap>(type: K, listener: (this: MediaStreamTrack, ev: MediaStreamTrackEventMap[K]) => any, options?: AddEventListenerOptionsArgument): void;
  addEventListener(type: string, listener: EventListenerArgument, options?: AddEventListenerOptionsArgument): void;
  removeEventListener<K extends keyof MediaStreamTrackEventMap>(type: K, listener: (this: MediaStreamTrack, ev: MediaStreamTrackEventMap[K]) => any, options?: RemoveEventListenerOptionsArgument): void;
  removeEventListener(type: string, listener: EventListenerArgument, options?: RemoveEventListenerOptionsArgument): void;
}

/** A single media track (mediacapture-main §4.3). */
export class MediaStreamTrack extends EventTarget {
  readonly #kind: MediaStreamTrackKind;
  readonly #id: string;
  readonly #label: string;
  #source: TrackSource;
  #enabled = true;
  #muted: boolean;
  #readyState: MediaStreamTrackState;
  #contentHint = '';
  #constraints: Record<string, unknown> = {};

  declare onmute: EventHandler<Event, MediaStreamTrack>;
  declare onunmute: EventHandler<Event, MediaStreamTrack>;
  declare onended: EventHandler<Event, MediaStreamTrack>;

  /** Not constructible by applications: use {@link createMediaStreamTrack}. */
  constructor(token?: unknown, kind?: MediaStreamTrackKind, source?: TrackSource, id?: string, label?: string) {
    if (token !== constructToken || !source || !kind) throw new TypeError('Illegal constructor');
    super();
    this.#kind = kind;
    this.#id = id ?? randomUUID();
    this.#label = label ?? '';
    this.#source = source;
    this.#muted = source.muted;
    this.#readyState = source.ended ? 'ended' : 'live';
    if (!source.ended) source.tracks.add(this);
  }

  /** 'audio' or 'video'. */
  get kind(): MediaStreamTrackKind {
    return this.#kind;
  }
  /** A UUID, unique per track (clones get their own). */
  get id(): string {
    return this.#id;
  }
  /** A label for the source ('' when none). */
  get label(): string {
    return this.#label;
  }
  /** Whether the track renders its source's media (false: silence / black frames). Setting it fires no event. */
  get enabled(): boolean {
    return this.#enabled;
  }
  set enabled(value: boolean) {
    this.#enabled = toBoolean(value);
  }
  /** Whether the source currently delivers no media (a remote track before packets flow). */
  get muted(): boolean {
    return this.#muted;
  }
  /** 'live', or 'ended' once stopped or its source ended (final). */
  get readyState(): MediaStreamTrackState {
    return this.#readyState;
  }
  /** A hint for encoders ('' or one of the valid hints for the kind); invalid values are ignored. */
  get contentHint(): string {
    return this.#contentHint;
  }
  set contentHint(value: string) {
    const hint = toDOMString(value, 'contentHint');
    if (CONTENT_HINTS[this.#kind].includes(hint)) this.#contentHint = hint;
  }

  /**
   * A new track on the same source with a new id, copying kind, label,
   * enabled, muted, readyState, contentHint and constraints (mediacapture-main §4.3.1 clone()).
   */
  clone(): MediaStreamTrack {
    const t = new MediaStreamTrack(constructToken, this.#kind, this.#source, undefined, this.#label);
    t.#enabled = this.#enabled;
    t.#muted = this.#muted;
    t.#contentHint = this.#contentHint;
    t.#constraints = deepCopy(this.#constraints);
    if (this.#readyState === 'ended' && t.#readyState !== 'ended') {
      t.#readyState = 'ended';
      this.#source.tracks.delete(t);
    }
    return t;
  }

  /**
   * Stops the track: readyState becomes 'ended', the track detaches from its
   * source. No `ended` event fires for an application's own stop() (mediacapture-main §4.3.1).
   */
  stop(): undefined {
    if (this.#readyState === 'ended') return undefined;
    this.#readyState = 'ended';
    this.#source.tracks.delete(this);
    return undefined;
  }

  /** The source's capabilities (a fresh object). */
  getCapabilities(): Record<string, unknown> {
    return deepCopy(this.#source.capabilities) as Record<string, unknown>;
  }
  /** The constraints last applied with applyConstraints (a fresh object). */
  getConstraints(): Record<string, unknown> {
    return deepCopy(this.#constraints);
  }
  /** The current settings of the source (a fresh object). */
  getSettings(): Record<string, unknown> {
    return deepCopy(this.#source.settings) as Record<string, unknown>;
  }

  /**
   * Records `constraints` as the track's constraints and resolves; our
   * sources have no adjustable properties, so nothing can be overconstrained.
   * Rejects with TypeError for a non-dictionary argument.
   */
  applyConstraints(constraints: Record<string, unknown> = {}): Promise<undefined> {
    if (constraints !== undefined && constraints !== null && !isObject(constraints)) {
      return Promise.reject(new TypeError("Failed to execute 'applyConstraints': parameter 1 is not an object"));
    }
    try {
      this.#constraints = constraints === null ? {} : deepCopy({ ...constraints });
    } catch (e) {
      return Promise.reject(e instanceof TypeError ? e : new TypeError(String(e)));
    }
    return Promise.resolve(undefined);
  }

  /** Source id (clones share it). */
  get [kSourceId](): string {
    return this.#source.id;
  }

  /**
   * Sets the source's muted state (mediacapture-main §4.3.1.1 "set a track's
   * muted state" for every live track on it): no-op when unchanged, otherwise
   * each track updates `muted` and fires `mute` or `unmute`.
   */
  [kSetSourceMuted](muted: boolean): void {
    const source = this.#source;
    source.muted = muted;
    for (const t of [...source.tracks]) {
      if (t.#readyState === 'ended' || t.#muted === muted) continue;
      t.#muted = muted;
      t.dispatchEvent(new Event(muted ? 'mute' : 'unmute'));
    }
  }

  /**
   * Ends the source (mediacapture-main §4.3.1.2 "track ended by the User
   * Agent"): each live track on it becomes 'ended' and fires `ended`.
   */
  [kEndSource](): void {
    const source = this.#source;
    source.ended = true;
    const tracks = [...source.tracks];
    source.tracks.clear();
    for (const t of tracks) {
      if (t.#readyState === 'ended') continue;
      t.#readyState = 'ended';
      t.dispatchEvent(new Event('ended'));
    }
  }
}
defineEventHandlers(MediaStreamTrack.prototype, ['mute', 'unmute', 'ended']);
exposeInterface(MediaStreamTrack, [
  'kind',
  'id',
  'label',
  'enabled',
  'muted',
  'readyState',
  'contentHint',
  'clone',
  'stop',
  'getCapabilities',
  'getConstraints',
  'getSettings',
  'applyConstraints',
]);
registerInterface('MediaStreamTrack', (v) => v instanceof MediaStreamTrack);

/**
 * Creates a live track on a new source (the stand-in for getUserMedia and for
 * the remote tracks RTCRtpReceivers create).
 */
export function createMediaStreamTrack(kind: MediaStreamTrackKind, options: CreateMediaStreamTrackOptions = {}): MediaStreamTrack {
  if (kind !== 'audio' && kind !== 'video') throw new TypeError(`Invalid track kind '${String(kind)}'`);
  const source: TrackSource = {
    id: randomUUID(),
    muted: options.muted ?? false,
    ended: false,
    tracks: new Set(),
    settings: deepCopy(options.settings ?? {}),
    capabilities: deepCopy(options.capabilities ?? {}),
  };
  return new MediaStreamTrack(constructToken, kind, source, options.id, options.label ?? '');
}
