/**
 * MediaStream (W3C mediacapture-main §4.2) for runtimes that have none: an
 * ordered set of MediaStreamTracks with an id.
 *
 * The application's own addTrack/removeTrack fire no events. The
 * RTCPeerConnection adds and removes remote tracks through the symbol-keyed
 * hooks {@link kAddRemoteTrack} / {@link kRemoveRemoteTrack} (webrtc-pc
 * §5.1 "add a track to a MediaStream" / "remove a track from a MediaStream"),
 * which fire `addtrack` / `removetrack`; they run the steps of a task the
 * caller queues. Remote streams, whose id is the remote msid, are created
 * through the static {@link kCreateWithId} factory.
 */
import { defineEventHandlers, MediaStreamTrackEvent, type EventHandler, type AddEventListenerOptionsArgument, type EventListenerArgument, type RemoveEventListenerOptionsArgument } from './events.js';
import { MediaStreamTrack } from './MediaStreamTrack.js';
import { exposeInterface, interfaceType, registerInterface, requireArguments, toDOMString, toSequence } from './webidl.js';

/** Hook: `stream[kAddRemoteTrack](track)` adds a track and fires `addtrack` (no-op when already present). */
export const kAddRemoteTrack: unique symbol = Symbol('purertc.MediaStream.addRemoteTrack');
/** Hook: `stream[kRemoveRemoteTrack](track)` removes a track and fires `removetrack` (no-op when absent). */
export const kRemoveRemoteTrack: unique symbol = Symbol('purertc.MediaStream.removeRemoteTrack');

/** Hook: `MediaStream[kCreateWithId](id)` creates an empty stream with the given id (a remote msid, webrtc-pc §5.1). */
export const kCreateWithId: unique symbol = Symbol('purertc.MediaStream.createWithId');

const toTrack = interfaceType<MediaStreamTrack>('MediaStreamTrack');

/** The events a MediaStream fires, by type (for addEventListener, as lib.dom's MediaStreamEventMap). */
export interface MediaStreamEventMap {
  addtrack: MediaStreamTrackEvent;
  removetrack: MediaStreamTrackEvent;
}

/** Type-level only (merged into the class): addEventListener/removeEventListener typed by {@link MediaStreamEventMap}, as in lib.dom. */
export interface MediaStream {
  addEventListener<K extends keyof MediaStreamEventMap>(type: K, listener: (this: MediaStream, ev: MediaStreamEventMap[K]) => any, options?: AddEventListenerOptionsArgument): void;
  addEventListener(type: string, listener: EventListenerArgument, options?: AddEventListenerOptionsArgument): void;
  removeEventListener<K extends keyof MediaStreamEventMap>(type: K, listener: (this: MediaStream, ev: MediaStreamEventMap[K]) => any, options?: RemoveEventListenerOptionsArgument): void;
  removeEventListener(type: string, listener: EventListenerArgument, options?: RemoveEventListenerOptionsArgument): void;
}

/** A set of tracks with an id (mediacapture-main §4.2). */
export class MediaStream extends EventTarget {
  #id: string;
  // A Set keeps insertion order: getTracks() lists tracks in the order they were added.
  readonly #tracks = new Set<MediaStreamTrack>();

  declare onaddtrack: EventHandler<MediaStreamTrackEvent, MediaStream>;
  declare onremovetrack: EventHandler<MediaStreamTrackEvent, MediaStream>;

  /**
   * `new MediaStream()`: empty; `new MediaStream(stream)`: the same tracks as
   * `stream`; `new MediaStream(tracks)`: those tracks (duplicates once). The
   * new stream always gets a new id (mediacapture-main §4.2.1).
   */
  constructor(streamOrTracks?: MediaStream | Iterable<MediaStreamTrack>) {
    // Overload resolution (WebIDL §3.7): 0 arguments, a MediaStream, or a sequence<MediaStreamTrack>.
    let initial: Iterable<MediaStreamTrack> = [];
    if (arguments.length > 0) {
      if (streamOrTracks instanceof MediaStream) {
        initial = streamOrTracks.getTracks();
      } else {
        initial = toSequence(streamOrTracks, toTrack, "Failed to construct 'MediaStream': tracks");
      }
    }
    super();
    this.#id = globalThis.crypto.randomUUID();
    for (const t of initial) this.#tracks.add(t);
  }

  /** A UUID identifying the stream. */
  get id(): string {
    return this.#id;
  }

  /** True while at least one track is not 'ended'. */
  get active(): boolean {
    for (const t of this.#tracks) if (t.readyState !== 'ended') return true;
    return false;
  }

  /** Every track, in the order they were added. */
  getTracks(): MediaStreamTrack[] {
    return [...this.#tracks];
  }

  /** The audio tracks. */
  getAudioTracks(): MediaStreamTrack[] {
    return this.getTracks().filter((t) => t.kind === 'audio');
  }

  /** The video tracks. */
  getVideoTracks(): MediaStreamTrack[] {
    return this.getTracks().filter((t) => t.kind === 'video');
  }

  /** The track with this id, or null. */
  getTrackById(trackId: string): MediaStreamTrack | null {
    requireArguments(arguments.length, 1, "Failed to execute 'getTrackById' on 'MediaStream'");
    const id = toDOMString(trackId, 'trackId');
    for (const t of this.#tracks) if (t.id === id) return t;
    return null;
  }

  /** Adds a track (nothing when already present). Fires no event. */
  addTrack(track: MediaStreamTrack): undefined {
    requireArguments(arguments.length, 1, "Failed to execute 'addTrack' on 'MediaStream'");
    this.#tracks.add(toTrack(track, "Failed to execute 'addTrack' on 'MediaStream': parameter 1"));
    return undefined;
  }

  /** Removes a track (nothing when absent). Fires no event. */
  removeTrack(track: MediaStreamTrack): undefined {
    requireArguments(arguments.length, 1, "Failed to execute 'removeTrack' on 'MediaStream'");
    this.#tracks.delete(toTrack(track, "Failed to execute 'removeTrack' on 'MediaStream': parameter 1"));
    return undefined;
  }

  /** A new stream with a new id holding a clone of every track. */
  clone(): MediaStream {
    return new MediaStream(this.getTracks().map((t) => t.clone()));
  }

  /** An empty stream whose id is `id` instead of a fresh UUID (webrtc-pc §5.1 "set the associated remote streams"). */
  static [kCreateWithId](id: string): MediaStream {
    const stream = new MediaStream();
    stream.#id = id;
    return stream;
  }

  /** Adds a remote track and fires `addtrack` (webrtc-pc "add a track to a MediaStream"). */
  [kAddRemoteTrack](track: MediaStreamTrack): void {
    if (this.#tracks.has(track)) return;
    this.#tracks.add(track);
    this.dispatchEvent(new MediaStreamTrackEvent('addtrack', { track }));
  }

  /** Removes a remote track and fires `removetrack` (webrtc-pc "remove a track from a MediaStream"). */
  [kRemoveRemoteTrack](track: MediaStreamTrack): void {
    if (!this.#tracks.delete(track)) return;
    this.dispatchEvent(new MediaStreamTrackEvent('removetrack', { track }));
  }
}
defineEventHandlers(MediaStream.prototype, ['addtrack', 'removetrack']);
exposeInterface(MediaStream, [
  'id',
  'active',
  'getTracks',
  'getAudioTracks',
  'getVideoTracks',
  'getTrackById',
  'addTrack',
  'removeTrack',
  'clone',
]);
registerInterface('MediaStream', (v) => v instanceof MediaStream);
