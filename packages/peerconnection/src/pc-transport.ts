/**
 * Glue between RTCPeerConnection and its {@link TransportBinding}: the
 * RTCDataChannel adapter the binding drives, and "surface the candidate"'s
 * edit of a local description (webrtc-pc §5.6.1: the candidate, or
 * a=end-of-candidates, is added to the description's SDP).
 */
import type { BoundChannel } from './transport-binding.js';
import type { RTCDtlsTransport } from './RTCDtlsTransport.js';
import { announceClosed, dataChannelSlots, type RTCDataChannel } from './RTCDataChannel.js';

const adapters = new WeakMap<RTCDataChannel, BoundChannel>();

/** The binding's view of an RTCDataChannel: its internal slots, read and written in place. */
export function boundChannel(channel: RTCDataChannel): BoundChannel {
  let a = adapters.get(channel);
  if (a) return a;
  const s = dataChannelSlots(channel);
  a = {
    get label() {
      return s.label;
    },
    get protocol() {
      return s.protocol;
    },
    get ordered() {
      return s.ordered;
    },
    get maxRetransmits() {
      return s.maxRetransmits;
    },
    get maxPacketLifeTime() {
      return s.maxPacketLifeTime;
    },
    get negotiated() {
      return s.negotiated;
    },
    get id() {
      return s.id;
    },
    set id(v: number | null) {
      s.id = v;
    },
    get readyState() {
      return s.readyState;
    },
    set readyState(v) {
      s.readyState = v;
    },
    get bufferedAmount() {
      return s.bufferedAmount;
    },
    set bufferedAmount(v: number) {
      s.bufferedAmount = v;
    },
    get bufferedAmountLowThreshold() {
      return s.bufferedAmountLowThreshold;
    },
    get binaryType() {
      return s.binaryType;
    },
    target: channel,
    announceClosed: () => announceClosed(channel),
  };
  adapters.set(channel, a);
  return a;
}

/** The ICE username fragment of the m= section at `mLineIndex` (or the session's), if any. */
export function sectionUfrag(sdp: string, mLineIndex: number): string | undefined {
  const lines = sdp.split(/\r?\n/);
  let section = -1;
  let session: string | undefined;
  for (const l of lines) {
    if (l.startsWith('m=')) section++;
    else if (l.startsWith('a=ice-ufrag:')) {
      const v = l.slice(12).trim();
      if (section === mLineIndex) return v;
      if (section === -1) session = v;
    }
  }
  return session;
}

/**
 * Adds `a=<attribute>` (a candidate-attribute, or `end-of-candidates`) at
 * the end of the m= section at `mLineIndex`; end-of-candidates is added at
 * most once and stays last. Returns the new SDP (CRLF line endings).
 */
export function addSectionAttribute(sdp: string, mLineIndex: number, attribute: string): string {
  const lines = sdp.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  let section = -1;
  let start = -1;
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith('m=')) continue;
    section++;
    if (section === mLineIndex) start = i;
    else if (section === mLineIndex + 1) {
      end = i;
      break;
    }
  }
  if (start < 0) return sdp;
  const line = `a=${attribute}`;
  const body = lines.slice(start, end);
  if (body.includes(line)) return sdp;
  const eoc = body.indexOf('a=end-of-candidates');
  const at = attribute !== 'end-of-candidates' && eoc >= 0 ? start + eoc : end;
  lines.splice(at, 0, line);
  return lines.join('\r\n') + '\r\n';
}

const rtpTransports = new WeakMap<object, () => RTCDtlsTransport | null>();

/** Registers how an RTCRtpSender / RTCRtpReceiver finds its RTCDtlsTransport ([[SenderTransport]] / [[ReceiverTransport]]). */
export function registerRtpTransport(senderOrReceiver: object, get: () => RTCDtlsTransport | null): void {
  rtpTransports.set(senderOrReceiver, get);
}

/** The RTCDtlsTransport of a sender or receiver: null until a description associated its transceiver (webrtc-pc §5.2/§5.3 `transport`). */
export function rtpTransportOf(senderOrReceiver: object): RTCDtlsTransport | null {
  return rtpTransports.get(senderOrReceiver)?.() ?? null;
}
