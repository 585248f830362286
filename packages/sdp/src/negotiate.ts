/**
 * Answerer codec selection (RFC 8829 §5.3.1, RFC 3264 §6.1): keep the
 * offered codecs we support, with the offerer's payload types and order.
 */
import { getCodecParameter, h264PacketizationMode, h264Profile } from './h264.js';
import type { Codec, RtcpFeedback } from './model.js';

function isRtx(c: Codec): boolean {
  return c.name.toLowerCase() === 'rtx';
}

/**
 * True when two codecs are the same payload format for negotiation: same
 * name (case-insensitive), clock rate and channel count (default 1), and
 * for H.264 the same profile and packetization-mode (RFC 6184 §8.2.2), for
 * VP9 the same profile-id (default 0), for AV1 the same profile (default 0).
 */
export function codecsMatch(a: Codec, b: Codec): boolean {
  const name = a.name.toLowerCase();
  if (name !== b.name.toLowerCase()) return false;
  if (a.clockRate !== b.clockRate) return false;
  if ((a.channels ?? 1) !== (b.channels ?? 1)) return false;
  switch (name) {
    case 'h264': {
      const pa = h264Profile(a);
      return pa !== undefined && pa === h264Profile(b) && h264PacketizationMode(a) === h264PacketizationMode(b);
    }
    case 'vp9':
      return (getCodecParameter(a, 'profile-id') ?? '0') === (getCodecParameter(b, 'profile-id') ?? '0');
    case 'av1':
      return (getCodecParameter(a, 'profile') ?? '0') === (getCodecParameter(b, 'profile') ?? '0');
  }
  return true;
}

function feedbackKey(f: RtcpFeedback): string {
  return f.parameter === undefined ? f.type : `${f.type} ${f.parameter}`;
}

/** The offered feedback mechanisms we also support, in the offer's order (RFC 8829 §5.3.1). */
export function intersectFeedback(local: readonly RtcpFeedback[], offered: readonly RtcpFeedback[]): RtcpFeedback[] {
  const ours = new Set(local.map(feedbackKey));
  return offered.filter((f) => ours.has(feedbackKey(f))).map((f) => ({ ...f }));
}

function copy(c: Codec): Codec {
  const out: Codec = {
    payloadType: c.payloadType,
    name: c.name,
    clockRate: c.clockRate,
    parameters: c.parameters.map((p) => ({ ...p })),
    rtcpFeedback: c.rtcpFeedback.map((f) => ({ ...f })),
  };
  if (c.channels !== undefined) out.channels = c.channels;
  return out;
}

/**
 * The codecs to put in an answer: every offered codec that matches a local
 * one, with the offerer's payload type, name, and position. Parameters are
 * the local ones except for H.264, which echoes the offered parameters (the
 * profile already matched), and RTX, whose `apt` points at the offerer's
 * payload type and which is kept only when its partner is kept and RTX is
 * supported locally. Feedback is the intersection. Returns [] when nothing
 * matches (the caller then rejects the section).
 */
export function intersectCodecs(local: readonly Codec[], remoteOffered: readonly Codec[]): Codec[] {
  const accepted = new Map<number, Codec>();
  for (const offered of remoteOffered) {
    if (isRtx(offered) || offered.implicit && offered.name === '') continue;
    const mine = local.find((l) => !isRtx(l) && codecsMatch(l, offered));
    if (!mine) continue;
    const c = copy(offered);
    if (offered.name.toLowerCase() !== 'h264') c.parameters = mine.parameters.map((p) => ({ ...p }));
    c.rtcpFeedback = intersectFeedback(mine.rtcpFeedback, offered.rtcpFeedback);
    delete c.implicit;
    accepted.set(offered.payloadType, c);
  }
  const localRtx = local.some(isRtx);
  const out: Codec[] = [];
  for (const offered of remoteOffered) {
    if (isRtx(offered)) {
      const apt = Number(getCodecParameter(offered, 'apt'));
      if (!localRtx || !accepted.has(apt)) continue;
      const c = copy(offered);
      c.parameters = [{ key: 'apt', value: `${apt}` }];
      c.rtcpFeedback = [];
      out.push(c);
      continue;
    }
    const c = accepted.get(offered.payloadType);
    if (c) out.push(c);
  }
  return out;
}
