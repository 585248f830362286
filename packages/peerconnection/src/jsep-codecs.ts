/**
 * The codecs and RTP header extensions this implementation offers, in the
 * shapes the W3C API exposes (RTCRtpCodec, RTCRtpHeaderExtensionCapability)
 * plus what JSEP needs to write them into SDP (payload type, rtcp-fb).
 *
 * This is the "list of implemented send/receive codecs" of webrtc-pc §5.2
 * (RTCRtpSender.getCapabilities) and the default codec list of RFC 8829
 * §5.2.1. It is kept here until @purertc/sdp's defaultCodecs() lands, then
 * it becomes an adapter over that.
 */

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

/** A codec as written to SDP: rtpmap, fmtp and rtcp-fb lines. */
export interface JsepCodec extends RtcRtpCodecParameters {
  rtcpFeedback: { type: string; parameter?: string }[];
}

/** An RTP header extension as written to SDP (a=extmap). */
export interface JsepHeaderExtension {
  id: number;
  uri: string;
}

/** The media kinds RTP transceivers can have. */
export type MediaKind = 'audio' | 'video';

const videoFeedback = (): { type: string; parameter?: string }[] => [
  { type: 'goog-remb' },
  { type: 'transport-cc' },
  { type: 'ccm', parameter: 'fir' },
  { type: 'nack' },
  { type: 'nack', parameter: 'pli' },
];

const AUDIO: readonly JsepCodec[] = [
  { payloadType: 111, mimeType: 'audio/opus', clockRate: 48000, channels: 2, sdpFmtpLine: 'minptime=10;useinbandfec=1', rtcpFeedback: [{ type: 'transport-cc' }] },
  { payloadType: 0, mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, rtcpFeedback: [] },
  { payloadType: 8, mimeType: 'audio/PCMA', clockRate: 8000, channels: 1, rtcpFeedback: [] },
  { payloadType: 126, mimeType: 'audio/telephone-event', clockRate: 8000, channels: 1, rtcpFeedback: [] },
];

const VIDEO: readonly JsepCodec[] = [
  { payloadType: 96, mimeType: 'video/VP8', clockRate: 90000, rtcpFeedback: videoFeedback() },
  { payloadType: 97, mimeType: 'video/rtx', clockRate: 90000, sdpFmtpLine: 'apt=96', rtcpFeedback: [] },
  { payloadType: 98, mimeType: 'video/VP9', clockRate: 90000, sdpFmtpLine: 'profile-id=0', rtcpFeedback: videoFeedback() },
  { payloadType: 99, mimeType: 'video/rtx', clockRate: 90000, sdpFmtpLine: 'apt=98', rtcpFeedback: [] },
  {
    payloadType: 102,
    mimeType: 'video/H264',
    clockRate: 90000,
    sdpFmtpLine: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
    rtcpFeedback: videoFeedback(),
  },
  { payloadType: 103, mimeType: 'video/rtx', clockRate: 90000, sdpFmtpLine: 'apt=102', rtcpFeedback: [] },
  { payloadType: 45, mimeType: 'video/AV1', clockRate: 90000, rtcpFeedback: videoFeedback() },
  { payloadType: 46, mimeType: 'video/rtx', clockRate: 90000, sdpFmtpLine: 'apt=45', rtcpFeedback: [] },
];

const AUDIO_EXT: readonly JsepHeaderExtension[] = [
  { id: 1, uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level' },
  { id: 2, uri: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time' },
  { id: 3, uri: 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01' },
  { id: 4, uri: 'urn:ietf:params:rtp-hdrext:sdes:mid' },
];

const VIDEO_EXT: readonly JsepHeaderExtension[] = [
  { id: 14, uri: 'urn:ietf:params:rtp-hdrext:toffset' },
  { id: 2, uri: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time' },
  { id: 13, uri: 'urn:3gpp:video-orientation' },
  { id: 3, uri: 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01' },
  { id: 4, uri: 'urn:ietf:params:rtp-hdrext:sdes:mid' },
  { id: 10, uri: 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id' },
  { id: 11, uri: 'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id' },
];

/** The codecs offered for `kind`, in preference order, with RTX partners. */
export function localCodecs(kind: MediaKind): JsepCodec[] {
  return (kind === 'audio' ? AUDIO : VIDEO).map((c) => ({ ...c, rtcpFeedback: c.rtcpFeedback.map((f) => ({ ...f })) }));
}

/** The header extensions offered for `kind`. */
export function localHeaderExtensions(kind: MediaKind): JsepHeaderExtension[] {
  return (kind === 'audio' ? AUDIO_EXT : VIDEO_EXT).map((e) => ({ ...e }));
}

/** Whether `mimeType` names a codec that is not a media codec (RTX, RED, FEC, CN). */
export function isResiliencyCodec(mimeType: string): boolean {
  const sub = mimeType.slice(mimeType.indexOf('/') + 1).toLowerCase();
  return sub === 'rtx' || sub === 'red' || sub === 'ulpfec' || sub === 'flexfec-03' || sub === 'cn';
}

/**
 * RTCRtpCapabilities for `kind` (webrtc-pc §5.2 getCapabilities): codecs
 * without payload types and with one RTX entry (as browsers report it).
 */
export function capabilities(kind: MediaKind): { codecs: RtcRtpCodec[]; headerExtensions: { uri: string }[] } {
  const codecs: RtcRtpCodec[] = [];
  let rtx = false;
  for (const c of localCodecs(kind)) {
    if (c.mimeType.toLowerCase().endsWith('/rtx')) {
      if (rtx) continue;
      rtx = true;
      codecs.push({ mimeType: c.mimeType, clockRate: c.clockRate });
      continue;
    }
    const out: RtcRtpCodec = { mimeType: c.mimeType, clockRate: c.clockRate };
    if (c.channels !== undefined) out.channels = c.channels;
    if (c.sdpFmtpLine !== undefined) out.sdpFmtpLine = c.sdpFmtpLine;
    codecs.push(out);
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
  const isRtx = first.mimeType.toLowerCase().endsWith('/rtx');
  const f1 = isRtx ? undefined : first.sdpFmtpLine;
  const f2 = isRtx ? undefined : second.sdpFmtpLine;
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
