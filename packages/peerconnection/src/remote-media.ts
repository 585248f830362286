/**
 * The remote media objects a connection creates (webrtc-pc §5.1 "set the
 * associated remote streams", §5.3 "create an RTCRtpReceiver") and the
 * internal hooks it drives on them (mute, end, add/remove track events).
 */
import { MediaStream, kAddRemoteTrack, kCreateWithId, kRemoveRemoteTrack } from './MediaStream.js';
import { createMediaStreamTrack, kEndSource, kSetSourceMuted, MediaStreamTrack } from './MediaStreamTrack.js';
import type { StreamLike, TrackLike } from './RTCRtpSender.js';

/** "Create an RTCRtpReceiver": the receiver's track, kind `kind`, muted, label "remote <kind>". */
export function createRemoteTrack(kind: 'audio' | 'video'): TrackLike {
  return createMediaStreamTrack(kind, { label: `remote ${kind}`, muted: true });
}

/** A remote MediaStream with the given msid. */
export function createRemoteStream(id: string): StreamLike {
  return MediaStream[kCreateWithId](id);
}

/** "Add a track to a MediaStream" (fires addtrack). */
export function addRemoteTrackToStream(stream: StreamLike, track: TrackLike): void {
  (stream as MediaStream)[kAddRemoteTrack](track as MediaStreamTrack);
}

/** "Remove a track from a MediaStream" (fires removetrack). */
export function removeRemoteTrackFromStream(stream: StreamLike, track: TrackLike): void {
  (stream as MediaStream)[kRemoveRemoteTrack](track as MediaStreamTrack);
}

/** "Set the muted state" of a remote track to true (fires mute). */
export function muteReceiverTrack(track: TrackLike): void {
  (track as MediaStreamTrack)[kSetSourceMuted](true);
}

/** The receiver track "is ended" (fires ended). */
export function endReceiverTrack(track: TrackLike): void {
  (track as MediaStreamTrack)[kEndSource]();
}
