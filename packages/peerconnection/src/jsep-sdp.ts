/**
 * A light, line-level view of a session description: what the signaling core
 * reads from SDP (RFC 4566 / RFC 8866 line structure, JSEP attributes). The
 * full typed model lives in @purertc/sdp; this view only keeps lines and
 * attributes in order so the core can look up a=mid, a=ice-ufrag, a=group…
 * and append a=candidate lines without re-serializing anything.
 */

/** One `a=` attribute: `a=name:value` or the flag form `a=name`. */
export interface SdpAttribute {
  name: string;
  value: string | undefined;
}

/** One m= section of a description. */
export interface SdpMediaView {
  /** 0-based index of the m= line (the sdpMLineIndex). */
  index: number;
  /** 1-based line number of the m= line. */
  line: number;
  kind: string;
  port: number;
  protocol: string;
  formats: string[];
  attributes: SdpAttribute[];
}

/** A parsed description. */
export interface SdpView {
  sessionAttributes: SdpAttribute[];
  media: SdpMediaView[];
}

/** Result of {@link parseSdpView}. */
export type SdpViewResult = { ok: true; sdp: SdpView } | { ok: false; line: number; reason: string };

const MEDIA_LINE = /^([a-z0-9-]+) (\d+)(?:\/(\d+))? ([A-Za-z0-9/._-]+)((?: [^ ]+)*)$/i;
const ORIGIN_LINE = /^\S+ \d+ \d+ IN IP[46] \S+$/;
const CONNECTION_LINE = /^IN IP[46] \S+$/;

/**
 * Splits SDP text into session attributes and m= sections, checking the line
 * grammar of RFC 8866 §5 (`<type>=<value>`, v=0 first, o=, s=, t= present,
 * m= lines with a port 0-65535). Never throws; reports the 1-based line of
 * the first error.
 */
export function parseSdpView(text: string): SdpViewResult {
  if (typeof text !== 'string') return { ok: false, line: 1, reason: 'not a string' };
  const lines = text.split(/\r?\n/);
  // A trailing line break leaves one empty string at the end.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const sessionAttributes: SdpAttribute[] = [];
  const media: SdpMediaView[] = [];
  let sawOrigin = false;
  let sawName = false;
  let sawTiming = false;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const l = lines[i]!;
    if (l.length < 2 || l[1] !== '=' || !/^[a-z]$/.test(l[0]!)) return { ok: false, line: lineNo, reason: 'not a <type>=<value> line' };
    const type = l[0]!;
    const value = l.slice(2);
    if (i === 0) {
      if (type !== 'v' || value !== '0') return { ok: false, line: 1, reason: 'the first line must be v=0' };
      continue;
    }
    switch (type) {
      case 'v':
        return { ok: false, line: lineNo, reason: 'duplicate v= line' };
      case 'o':
        if (media.length > 0 || sawOrigin || !ORIGIN_LINE.test(value)) return { ok: false, line: lineNo, reason: 'bad o= line' };
        sawOrigin = true;
        break;
      case 's':
        if (media.length > 0 || sawName) return { ok: false, line: lineNo, reason: 'bad s= line' };
        sawName = true;
        break;
      case 't':
        if (media.length > 0 || !/^\d+ \d+$/.test(value)) return { ok: false, line: lineNo, reason: 'bad t= line' };
        sawTiming = true;
        break;
      case 'c':
        if (!CONNECTION_LINE.test(value)) return { ok: false, line: lineNo, reason: 'bad c= line' };
        break;
      case 'm': {
        if (!sawOrigin || !sawName || !sawTiming) return { ok: false, line: lineNo, reason: 'm= before o=, s= and t=' };
        const m = MEDIA_LINE.exec(value);
        const port = m ? Number(m[2]) : NaN;
        if (!m || !(port >= 0 && port <= 65535)) return { ok: false, line: lineNo, reason: 'bad m= line' };
        const formats = m[5]!.trim() === '' ? [] : m[5]!.trim().split(' ');
        if (formats.length === 0) return { ok: false, line: lineNo, reason: 'm= line without formats' };
        media.push({ index: media.length, line: lineNo, kind: m[1]!, port, protocol: m[4]!, formats, attributes: [] });
        break;
      }
      case 'a': {
        const colon = value.indexOf(':');
        const name = colon < 0 ? value : value.slice(0, colon);
        if (name === '' || /\s/.test(name)) return { ok: false, line: lineNo, reason: 'bad a= line' };
        const attr: SdpAttribute = { name, value: colon < 0 ? undefined : value.slice(colon + 1) };
        const bad = checkAttribute(attr);
        if (bad) return { ok: false, line: lineNo, reason: bad };
        (media.length > 0 ? media[media.length - 1]!.attributes : sessionAttributes).push(attr);
        break;
      }
      case 'b':
      case 'i':
      case 'u':
      case 'e':
      case 'p':
      case 'r':
      case 'z':
      case 'k':
        break;
      default:
        return { ok: false, line: lineNo, reason: `unknown line type ${type}=` };
    }
  }
  if (!sawOrigin || !sawName || !sawTiming) return { ok: false, line: lines.length + 1 > 1 ? lines.length : 1, reason: 'missing o=, s= or t=' };
  return { ok: true, sdp: { sessionAttributes, media } };
}

/** Grammar checks for the attributes the signaling core reads (undefined when fine). */
function checkAttribute(a: SdpAttribute): string | undefined {
  const v = a.value;
  switch (a.name) {
    case 'mid':
      return v && v.length <= 32 && /^[\x21-\x7e]+$/.test(v) ? undefined : 'bad a=mid'; // RFC 5888 §4, RFC 8843 §9.1
    case 'ice-ufrag':
      return v && /^[A-Za-z0-9+/]{4,256}$/.test(v) ? undefined : 'bad a=ice-ufrag'; // RFC 8839 §5.4
    case 'ice-pwd':
      return v && /^[A-Za-z0-9+/]{22,256}$/.test(v) ? undefined : 'bad a=ice-pwd';
    case 'fingerprint':
      return v && /^[A-Za-z0-9-]+ [0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2})*$/.test(v) ? undefined : 'bad a=fingerprint'; // RFC 8122 §5
    case 'setup':
      return v && /^(actpass|active|passive|holdconn)$/.test(v) ? undefined : 'bad a=setup';
    case 'group':
      return v && /^\S+( \S+)*$/.test(v) ? undefined : 'bad a=group';
    case 'rtpmap':
      return v && /^\d{1,3} [^/\s]+\/\d+(\/\d+)?$/.test(v) ? undefined : 'bad a=rtpmap';
    case 'sctp-port':
    case 'max-message-size':
      return v && /^\d+$/.test(v) ? undefined : `bad a=${a.name}`;
    case 'msid':
      return v && /^\S+( \S+)?$/.test(v) ? undefined : 'bad a=msid';
    case 'candidate':
      return v && /^\S+ \d+ \S+ \d+ \S+ \d+ typ \S+/.test(v) ? undefined : 'bad a=candidate';
    default:
      return undefined;
  }
}

/** The value of the first `a=name` in `attrs`, '' for a flag, undefined when absent. */
export function attribute(attrs: readonly SdpAttribute[], name: string): string | undefined {
  for (const a of attrs) if (a.name === name) return a.value ?? '';
  return undefined;
}

/** Every value of `a=name` in `attrs`. */
export function attributes(attrs: readonly SdpAttribute[], name: string): string[] {
  const out: string[] = [];
  for (const a of attrs) if (a.name === name) out.push(a.value ?? '');
  return out;
}

/** An SDP media direction. */
export type SdpDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** The direction of an m= section (media level, then session level, default sendrecv). */
export function mediaDirection(sdp: SdpView, m: SdpMediaView): SdpDirection {
  for (const list of [m.attributes, sdp.sessionAttributes]) {
    for (const a of list) {
      if (a.name === 'sendrecv' || a.name === 'sendonly' || a.name === 'recvonly' || a.name === 'inactive') return a.name;
    }
  }
  return 'sendrecv';
}

/** The direction seen from the other side (send and receive swapped). */
export function reverseDirection(d: SdpDirection): SdpDirection {
  return d === 'sendonly' ? 'recvonly' : d === 'recvonly' ? 'sendonly' : d;
}

/** Whether `d` includes sending. */
export function sends(d: string | null): boolean {
  return d === 'sendrecv' || d === 'sendonly';
}

/** Whether `d` includes receiving. */
export function receives(d: string | null): boolean {
  return d === 'sendrecv' || d === 'recvonly';
}

/** Builds a direction from its send and receive halves. */
export function directionOf(send: boolean, recv: boolean): SdpDirection {
  return send ? (recv ? 'sendrecv' : 'sendonly') : recv ? 'recvonly' : 'inactive';
}

/** The mid of an m= section (RFC 5888), or undefined. */
export function mediaMid(m: SdpMediaView): string | undefined {
  return attribute(m.attributes, 'mid');
}

/** Whether the m= section is rejected: port 0 without a=bundle-only (RFC 8843 §6). */
export function isRejected(m: SdpMediaView): boolean {
  return m.port === 0 && attribute(m.attributes, 'bundle-only') === undefined;
}

/** The mids of every a=group:BUNDLE line (RFC 8843 §7). */
export function bundleGroups(sdp: SdpView): string[][] {
  return attributes(sdp.sessionAttributes, 'group')
    .map((g) => g.split(' '))
    .filter((g) => g[0] === 'BUNDLE')
    .map((g) => g.slice(1));
}

/** ICE credentials of an m= section (media level, then session level). */
export function iceCredentials(sdp: SdpView, m: SdpMediaView): { ufrag: string | undefined; pwd: string | undefined } {
  return {
    ufrag: attribute(m.attributes, 'ice-ufrag') ?? attribute(sdp.sessionAttributes, 'ice-ufrag'),
    pwd: attribute(m.attributes, 'ice-pwd') ?? attribute(sdp.sessionAttributes, 'ice-pwd'),
  };
}

/** The msid lines of an m= section as stream ids ("-" means no stream, RFC 8830 §2). */
export function msidStreams(m: SdpMediaView): string[] {
  const ids: string[] = [];
  for (const v of attributes(m.attributes, 'msid')) {
    const id = v.split(' ')[0]!;
    if (id !== '-' && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** Whether an m= section describes a data channel (SCTP over DTLS, RFC 8841). */
export function isDataSection(m: SdpMediaView): boolean {
  return m.kind === 'application' && /SCTP/i.test(m.protocol);
}
