/**
 * Queries the peer connection needs on a parsed description.
 */
import type { Direction, Group, MediaSection, SessionDescription, Setup } from './model.js';

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

/** Whether a media section is rejected: port 0 without `a=bundle-only` (RFC 8843 §6, RFC 3264 §6). */
export function isRejectedSection(m: MediaSection): boolean {
  return m.port === 0 && !m.bundleOnly;
}

/** Whether a media section carries data channels: SCTP over DTLS (RFC 8841 §4.1). */
export function isDataChannelSection(m: MediaSection): boolean {
  return m.kind === 'application' && /SCTP/i.test(m.protocol);
}

/** The direction of a media section: its own, else the session-level one, else `sendrecv` (RFC 4566 §6). */
export function effectiveDirection(sdp: SessionDescription, m: MediaSection): Direction {
  return m.direction ?? sdp.direction ?? 'sendrecv';
}

/** The ICE credentials of a media section, media level first, then session level (RFC 8839 §5.4). */
export function effectiveIceCredentials(sdp: SessionDescription, m: MediaSection): { ufrag: string | undefined; pwd: string | undefined } {
  return { ufrag: m.iceUfrag ?? sdp.iceUfrag, pwd: m.icePwd ?? sdp.icePwd };
}

/** The `a=setup` role of a media section, media level first, then session level (RFC 8842 §5). */
export function effectiveSetup(sdp: SessionDescription, m: MediaSection): Setup | undefined {
  return m.setup ?? sdp.setup;
}

/** The stream ids of a section's `a=msid` lines, without `-` ("no stream", RFC 8830 §2) and duplicates. */
export function msidStreamIds(m: MediaSection): string[] {
  const ids: string[] = [];
  for (const x of m.msids) if (x.streamId !== '-' && !ids.includes(x.streamId)) ids.push(x.streamId);
  return ids;
}
