/**
 * Queries the peer connection needs on a parsed description.
 */
import type { Group, SessionDescription } from './model.js';

/** The `a=mid` of every media section in order (undefined where a section has none). */
export function getMids(sdp: SessionDescription): (string | undefined)[] {
  return sdp.media.map((m) => m.mid);
}

/** The `a=group:BUNDLE` groups (RFC 8843 §7), in order. */
export function getBundleGroups(sdp: SessionDescription): Group[] {
  return sdp.groups.filter((g) => g.semantics === 'BUNDLE');
}

/** Index of the media section with this mid, or -1. */
export function findMediaByMid(sdp: SessionDescription, mid: string): number {
  return sdp.media.findIndex((m) => m.mid === mid);
}

/** A deep copy through JSON (the model is JSON-cloneable by design). */
export function cloneSdp(sdp: SessionDescription): SessionDescription {
  return JSON.parse(JSON.stringify(sdp)) as SessionDescription;
}
