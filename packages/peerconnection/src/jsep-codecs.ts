/**
 * The codecs and RTP header extensions this implementation supports, in the
 * shapes the W3C API exposes (RTCRtpCodec, RTCRtpHeaderExtensionCapability),
 * taken from @purertc/sdp's defaultCodecs()/defaultHeaderExtensions(): the
 * SDP package owns payload types, fmtp and rtcp-fb; this file only selects
 * the formats the media layer implements and converts between the SDP model
 * (`Codec`) and the W3C dictionaries (webrtc-pc §5.2 getCapabilities, §5.4
 * "codec dictionary match").
 */
import {
  defaultCodecs,
  defaultHeaderExtensions,
  getCodecParameter,
  h264PacketizationMode,
  h264Profile,
  parseFmtp,
  serializeFmtpParameters,
  type Codec,
  type HeaderExtension,
} from '@purertc/sdp';

/** An RTCRtpCodec dictionary (webrtc-pc §5.2). */
export interface RtcRtpCodec {
  mimeType: string;
  clockRate: number;
  channels?: number;
  sdpFmtpLine?: string;
}

/** An RTCRtpCodecParameters dictionary: a codec with its payload type. */
export interface RtcRtpCodecParameters extends RtcRtpCodec {
  payloadType: number;
}

/** The media kinds RTP transceivers can have. */
export type MediaKind = 'audio' | 'video';

function isRtx(c: Codec): boolean {
  return c.name.toLowerCase() === 'rtx';
}

/**
 * Whether the media layer implements a primary codec of defaultCodecs():
 * Opus, G.711 and DTMF (RFC 4733) at 8 kHz for audio; VP8, VP9 profile 0,
 * H.264 Baseline and Constrained Baseline in packetization-mode 1 (RFC 6184
 * §6.3; Firefox and Safari offer only Constrained Baseline 42e01f) and AV1 for video.
 */
function implemented(c: Codec): boolean {
  switch (c.name.toLowerCase()) {
    case 'opus':
    case 'pcmu':
    case 'pcma':
    case 'vp8':
    case 'av1':
      return true;
    case 'telephone-event':
      return c.clockRate === 8000;
    case 'vp9':
      return (getCodecParameter(c, 'profile-id') ?? '0') === '0';
    case 'h264':
      return (h264Profile(c) === 'baseline' || h264Profile(c) === 'constrained-baseline') && h264PacketizationMode(c) === '1';
    default:
      return false;
  }
}

/**
 * The codecs offered for `kind`, in preference order, with RTX partners
 * (RFC 4588) for the kept primaries: defaultCodecs() filtered to what is
 * implemented. Fresh objects on every call.
 */
export function localCodecs(kind: MediaKind): Codec[] {
  const all = defaultCodecs(kind);
  const kept = new Set(all.filter((c) => !isRtx(c) && implemented(c)).map((c) => c.payloadType));
  return all.filter((c) => (isRtx(c) ? kept.has(Number(getCodecParameter(c, 'apt'))) : kept.has(c.payloadType)));
}

/** The header extensions offered for `kind` (defaultHeaderExtensions()). */
export function localHeaderExtensions(kind: MediaKind): HeaderExtension[] {
  return defaultHeaderExtensions(kind);
}

/** Whether `mimeType` names a codec that is not a media codec (RTX, RED, FEC, CN). */
export function isResiliencyCodec(mimeType: string): boolean {
  const sub = mimeType.slice(mimeType.indexOf('/') + 1).toLowerCase();
  return sub === 'rtx' || sub === 'red' || sub === 'ulpfec' || sub === 'flexfec-03' || sub === 'cn';
}

/**
 * An SDP codec as RTCRtpCodecParameters (webrtc-pc §5.2): mimeType
 * `<kind>/<encoding name>`, the fmtp parameters as `sdpFmtpLine`. `channels`
 * is reported when the rtpmap has it, or `defaultChannels` when given.
 */
export function toRtcCodec(kind: string, c: Codec, defaultChannels?: number): RtcRtpCodecParameters {
  const out: RtcRtpCodecParameters = { payloadType: c.payloadType, mimeType: `${kind}/${c.name}`, clockRate: c.clockRate };
  const channels = c.channels ?? defaultChannels;
  if (channels !== undefined) out.channels = channels;
  if (c.parameters.length > 0) out.sdpFmtpLine = serializeFmtpParameters(c.parameters);
  return out;
}

/** An RTCRtpCodec as an SDP codec (payload type 0 placeholder), for SDP-level format matching. */
export function fromRtcCodec(c: RtcRtpCodec): Codec {
  const out: Codec = {
    payloadType: 0,
    name: c.mimeType.slice(c.mimeType.indexOf('/') + 1),
    clockRate: c.clockRate,
    parameters: c.sdpFmtpLine ? (parseFmtp(`0 ${c.sdpFmtpLine}`)?.parameters ?? []) : [],
    rtcpFeedback: [],
  };
  if (c.channels !== undefined) out.channels = c.channels;
  return out;
}

/**
 * RTCRtpCapabilities for `kind` (webrtc-pc §5.2 getCapabilities): codecs
 * without payload types and with one RTX entry (as browsers report it).
 */
export function capabilities(kind: MediaKind): { codecs: RtcRtpCodec[]; headerExtensions: { uri: string }[] } {
  const codecs: RtcRtpCodec[] = [];
  let rtx = false;
  for (const c of localCodecs(kind)) {
    if (isRtx(c)) {
      if (rtx) continue;
      rtx = true;
      codecs.push({ mimeType: `${kind}/${c.name}`, clockRate: c.clockRate });
      continue;
    }
    const { payloadType: _pt, ...cap } = toRtcCodec(kind, c, kind === 'audio' ? 1 : undefined);
    codecs.push(cap);
  }
  return { codecs, headerExtensions: localHeaderExtensions(kind).map((e) => ({ uri: e.uri })) };
}

function fmtpMap(line: string): Map<string, string> | undefined {
  const m = new Map<string, string>();
  for (const part of line.split(';')) {
    const p = part.trim();
    if (p === '') continue;
    const eq = p.indexOf('=');
    if (eq <= 0) return undefined;
    m.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim());
  }
  return m;
}

/**
 * The "codec dictionary match" algorithm (webrtc-pc §5.4, setCodecPreferences).
 * Format parameters are compared as key/value sets when both are in key=value
 * form; `apt` is ignored for RTX since payload types are not part of a capability.
 */
export function codecDictionaryMatch(first: RtcRtpCodec, second: RtcRtpCodec): boolean {
  if (first.mimeType.toLowerCase() !== second.mimeType.toLowerCase()) return false;
  if (first.clockRate !== second.clockRate) return false;
  if ((first.channels === undefined) !== (second.channels === undefined)) return false;
  if (first.channels !== undefined && first.channels !== second.channels) return false;
  const isRtxCodec = first.mimeType.toLowerCase().endsWith('/rtx');
  const f1 = isRtxCodec ? undefined : first.sdpFmtpLine;
  const f2 = isRtxCodec ? undefined : second.sdpFmtpLine;
  if ((f1 === undefined) !== (f2 === undefined)) return false;
  if (f1 !== undefined && f2 !== undefined) {
    const m1 = fmtpMap(f1);
    const m2 = fmtpMap(f2);
    if (!m1 || !m2) return f1 === f2;
    if (m1.size !== m2.size) return false;
    for (const [k, v] of m1) if (m2.get(k) !== v) return false;
  }
  return true;
}
