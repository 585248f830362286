/**
 * Default codec capabilities: what an offer lists (RFC 8829 §5.2.1) in the
 * payload types browsers use, so answers from browsers rarely need remapping.
 * Each video codec has an RTX partner (RFC 4588 §8.6, `apt=`).
 */
import type { Codec, CodecParameter, MediaKind, RtcpFeedback } from './model.js';

function params(s: string): CodecParameter[] {
  if (s === '') return [];
  return s.split(';').map((p) => {
    const eq = p.indexOf('=');
    return eq < 0 ? { key: p } : { key: p.slice(0, eq), value: p.slice(eq + 1) };
  });
}

/** Video feedback: REMB, transport-cc, FIR, generic NACK, PLI (RFC 4585, RFC 5104). */
function videoFeedback(): RtcpFeedback[] {
  return [
    { type: 'goog-remb' },
    { type: 'transport-cc' },
    { type: 'ccm', parameter: 'fir' },
    { type: 'nack' },
    { type: 'nack', parameter: 'pli' },
  ];
}

function video(pt: number, rtxPt: number, name: string, fmtp: string): Codec[] {
  return [
    { payloadType: pt, name, clockRate: 90000, parameters: params(fmtp), rtcpFeedback: videoFeedback() },
    { payloadType: rtxPt, name: 'rtx', clockRate: 90000, parameters: [{ key: 'apt', value: `${pt}` }], rtcpFeedback: [] },
  ];
}

/**
 * The codecs this stack offers for a kind, in preference order. Returns fresh
 * objects on every call (callers may mutate them). Unknown kinds get none.
 */
export function defaultCodecs(kind: MediaKind): Codec[] {
  if (kind === 'audio') {
    return [
      {
        payloadType: 111,
        name: 'opus',
        clockRate: 48000,
        channels: 2,
        parameters: params('minptime=10;useinbandfec=1'),
        rtcpFeedback: [{ type: 'transport-cc' }],
      },
      { payloadType: 0, name: 'PCMU', clockRate: 8000, parameters: [], rtcpFeedback: [] },
      { payloadType: 8, name: 'PCMA', clockRate: 8000, parameters: [], rtcpFeedback: [] },
      { payloadType: 110, name: 'telephone-event', clockRate: 48000, parameters: [], rtcpFeedback: [] },
      { payloadType: 126, name: 'telephone-event', clockRate: 8000, parameters: [], rtcpFeedback: [] },
    ];
  }
  if (kind === 'video') {
    const h264 = (pm: number, plid: string) =>
      `level-asymmetry-allowed=1;packetization-mode=${pm};profile-level-id=${plid}`;
    return [
      ...video(96, 97, 'VP8', ''),
      ...video(98, 99, 'VP9', 'profile-id=0'),
      ...video(100, 101, 'VP9', 'profile-id=2'),
      ...video(102, 103, 'H264', h264(1, '42001f')),
      ...video(104, 105, 'H264', h264(0, '42001f')),
      ...video(106, 107, 'H264', h264(1, '42e01f')),
      ...video(108, 109, 'H264', h264(0, '42e01f')),
      ...video(127, 125, 'H264', h264(1, '4d001f')),
      ...video(39, 40, 'H264', h264(0, '4d001f')),
      ...video(112, 113, 'H264', h264(1, '640034')),
      ...video(45, 46, 'AV1', 'level-idx=5;profile=0;tier=0'),
    ];
  }
  return [];
}
