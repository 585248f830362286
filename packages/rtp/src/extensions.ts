/**
 * The RTP header extensions Chrome negotiates, with their URIs and value
 * codecs. Readers take the value view returned by
 * {@link RtpView.extension} (or the bytes at {@link RtpView.findExtension});
 * writers fill a caller's buffer.
 */

const te = new TextEncoder();
const td = new TextDecoder();

/** abs-send-time: 24-bit 6.18 fixed-point seconds (webrtc.org experiment). */
export const URI_ABS_SEND_TIME = 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time';
/** Transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2). */
export const URI_TRANSPORT_WIDE_CC = 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01';
/** SDES MID (RFC 9143 §15). */
export const URI_SDES_MID = 'urn:ietf:params:rtp-hdrext:sdes:mid';
/** SDES RtpStreamId (RFC 8852 §3.1). */
export const URI_SDES_RTP_STREAM_ID = 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id';
/** SDES RepairedRtpStreamId (RFC 8852 §3.2). */
export const URI_SDES_REPAIRED_RTP_STREAM_ID = 'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id';
/** Client-to-mixer audio level (RFC 6464). */
export const URI_SSRC_AUDIO_LEVEL = 'urn:ietf:params:rtp-hdrext:ssrc-audio-level';
/** Transmission time offset (RFC 5450). */
export const URI_TOFFSET = 'urn:ietf:params:rtp-hdrext:toffset';

/** Reads abs-send-time (3 bytes): 6.18 fixed-point seconds, as a 24-bit integer. */
export function readAbsSendTime(b: Uint8Array, at = 0): number {
  return (b[at]! << 16) | (b[at + 1]! << 8) | b[at + 2]!;
}
/** Writes abs-send-time for `ms` milliseconds (modulo 64 s) and returns 3. */
export function writeAbsSendTime(b: Uint8Array, at: number, ms: number): number {
  // 6.18 fixed point: seconds * 2^18, kept to 24 bits.
  const v = Math.round((ms * 262144) / 1000) & 0xffffff;
  b[at] = v >> 16;
  b[at + 1] = (v >> 8) & 0xff;
  b[at + 2] = v & 0xff;
  return 3;
}
/** abs-send-time value (24-bit 6.18 fixed point) to milliseconds. */
export function absSendTimeToMs(v: number): number {
  return (v * 1000) / 262144;
}

/** Reads the 16-bit transport-wide sequence number. */
export function readTransportWideSeq(b: Uint8Array, at = 0): number {
  return (b[at]! << 8) | b[at + 1]!;
}
/** Writes the 16-bit transport-wide sequence number (in place, e.g. at RtpView.findExtension()) and returns 2. */
export function writeTransportWideSeq(b: Uint8Array, at: number, seq: number): number {
  b[at] = (seq >> 8) & 0xff;
  b[at + 1] = seq & 0xff;
  return 2;
}

/** RFC 6464 §3 audio level: V flag (voice activity) and level in -dBov (0-127). */
export interface AudioLevel {
  voice: boolean;
  level: number;
}
/** Reads an RFC 6464 audio level byte. */
export function readAudioLevel(b: Uint8Array, at = 0): AudioLevel {
  const x = b[at]!;
  return { voice: (x & 0x80) !== 0, level: x & 0x7f };
}
/** Encodes an RFC 6464 audio level byte. */
export function audioLevelByte(voice: boolean, level: number): number {
  return (voice ? 0x80 : 0) | (level & 0x7f);
}

/** Reads an SDES-item extension (MID, RID, repaired RID) as a string (UTF-8). */
export function readSdesExtension(value: Uint8Array): string {
  // RFC 8852 §3: trailing zero bytes may pad the value; they are not part of it.
  let end = value.length;
  while (end > 0 && value[end - 1] === 0) end--;
  return td.decode(value.subarray(0, end));
}
/** Encodes an SDES-item extension value. */
export function sdesExtensionValue(text: string): Uint8Array {
  return te.encode(text);
}
