/**
 * SDP parser with line-by-line validation (RFC 8866 §5, §9).
 *
 *   session-description = version-field origin-field session-name-field
 *                         [information-field] [uri-field] *email-field
 *                         *phone-field [connection-field] *bandwidth-field
 *                         1*time-description [key-field] *attribute-field
 *                         *media-description
 *   media-description   = media-field [information-field] *connection-field
 *                         *bandwidth-field [key-field] *attribute-field
 *
 * Every line must be `<letter>=<value>`; `v=0`, `o=` and `s=` come first in
 * that order and `t=` precedes the first `m=`. Known attributes are checked
 * against their grammar; unknown ones are kept in order. The first violation
 * is reported with its 1-based line number (a missing line is reported at the
 * line where it was expected). Never throws.
 */
import {
  isDirection,
  isIcePwd,
  isIceUfrag,
  parseExtmap,
  parseFingerprint,
  parseFmtp,
  parseGroup,
  parseIceOptions,
  parseMaxMessageSize,
  parseMid,
  parseMsid,
  parseMsidSemantic,
  parseRtcp,
  parseRtcpFb,
  parseRtpmap,
  parseSctpPort,
  parseSctpmap,
  parseSetup,
  parseSsrc,
  parseSsrcGroup,
} from './attributes.js';
import { parseCandidateAttribute } from './candidate.js';
import { DIGITS, isToken, parseIntIn, splitAttribute, splitSpaces } from './grammar.js';
import {
  emptyMediaSection,
  type Bandwidth,
  type Codec,
  type CodecParameter,
  type Connection,
  type MediaSection,
  type Origin,
  type RtcpFeedback,
  type SdpParseResult,
  type SessionDescription,
  type Ssrc,
} from './model.js';
import { parseRid } from './rid.js';
import { parseSimulcast } from './simulcast.js';
import { STATIC_PAYLOAD_TYPES } from './static-payload-types.js';

type Failure = { ok: false; line: number; reason: string };

function fail(line: number, reason: string): Failure {
  return { ok: false, line, reason };
}

/** Per-section state collected while reading its lines. */
interface MediaState {
  section: MediaSection;
  isRtp: boolean;
  rtpmaps: Map<number, { name: string; clockRate: number; channels?: number }>;
  fmtps: Map<number, CodecParameter[]>;
  feedback: Map<number, RtcpFeedback[]>;
  /** Payload types in order of first mention by rtpmap/fmtp/rtcp-fb. */
  ptOrder: number[];
  extmapLines: { id: number; line: number }[];
  ssrcIndex: Map<number, Ssrc>;
  seen: Set<string>;
}

/** RFC 8866 §5.14 m= line: `<media> <port>[/<number of ports>] <proto> 1*(SP <fmt>)`. */
function parseMediaLine(value: string): MediaState | undefined {
  const parts = splitSpaces(value);
  if (!parts || parts.length < 4) return undefined;
  const [kind, portText, proto, ...formats] = parts as [string, string, string, ...string[]];
  if (!isToken(kind)) return undefined;
  const pm = /^([0-9]{1,5})(?:\/([0-9]{1,5}))?$/.exec(portText);
  if (!pm) return undefined;
  const port = parseIntIn(pm[1], 0, 65535);
  if (port === undefined) return undefined;
  if (!proto.split('/').every(isToken)) return undefined;
  const isRtp = proto.split('/').includes('RTP');
  for (const f of formats) {
    if (!isToken(f)) return undefined;
    // RTP formats are payload types (RFC 8866 §5.14, RFC 3551).
    if (isRtp && parseIntIn(f, 0, 127) === undefined) return undefined;
  }
  const section = emptyMediaSection(kind, port, proto, formats);
  if (pm[2] !== undefined) {
    const n = parseIntIn(pm[2], 1, 65535);
    if (n === undefined) return undefined;
    section.numberOfPorts = n;
  }
  return {
    section,
    isRtp,
    rtpmaps: new Map(),
    fmtps: new Map(),
    feedback: new Map(),
    ptOrder: [],
    extmapLines: [],
    ssrcIndex: new Map(),
    seen: new Set(),
  };
}

/** RFC 8866 §5.2 o= line. */
function parseOrigin(value: string): Origin | undefined {
  const p = splitSpaces(value);
  if (!p || p.length !== 6) return undefined;
  const [username, sessionId, sessionVersion, netType, addressType, address] = p as [
    string, string, string, string, string, string,
  ];
  if (!DIGITS.test(sessionId) || !DIGITS.test(sessionVersion)) return undefined;
  if (!isToken(netType) || !isToken(addressType)) return undefined;
  return { username, sessionId, sessionVersion, netType, addressType, address };
}

/** RFC 8866 §5.7 c= line, restricted to `IN IP4|IP6 <address>`. */
function parseConnection(value: string): Connection | undefined {
  const p = splitSpaces(value);
  if (!p || p.length !== 3) return undefined;
  if (p[0] !== 'IN' || (p[1] !== 'IP4' && p[1] !== 'IP6')) return undefined;
  if (!/^[A-Za-z0-9.:\-_%/]+$/.test(p[2]!)) return undefined;
  return { netType: p[0], addressType: p[1], address: p[2]! };
}

/** RFC 8866 §5.8 b= line. */
function parseBandwidth(value: string): Bandwidth | undefined {
  const m = /^([^:]+):([0-9]{1,15})$/.exec(value);
  if (!m || !isToken(m[1]!)) return undefined;
  return { type: m[1]!, value: Number(m[2]) };
}

/**
 * The `i=`, `c=` and `b=` lines, read the same way at session and media level
 * (RFC 8866 §5.4, §5.7, §5.8): at most one `i=` and one `c=`, any number of
 * `b=`. Returns a reason on failure.
 */
function levelLine(
  s: Pick<SessionDescription & MediaSection, 'information' | 'connection' | 'bandwidths'>,
  type: 'i' | 'c' | 'b',
  value: string,
): string | undefined {
  switch (type) {
    case 'i':
      if (s.information !== undefined) return 'duplicate i=';
      s.information = value;
      return undefined;
    case 'c': {
      const c = parseConnection(value);
      if (!c) return 'invalid c=';
      if (s.connection) return 'duplicate c=';
      s.connection = c;
      return undefined;
    }
    case 'b': {
      const b = parseBandwidth(value);
      if (!b) return 'invalid b=';
      s.bandwidths.push(b);
      return undefined;
    }
  }
}

function notePt(st: MediaState, pt: number): void {
  if (!st.rtpmaps.has(pt) && !st.fmtps.has(pt) && !st.feedback.has(pt)) st.ptOrder.push(pt);
}

/** Single-valued attributes: a second occurrence in the same section is an error. */
const SINGLE = new Set([
  'mid', 'ice-ufrag', 'ice-pwd', 'setup', 'sctp-port', 'max-message-size', 'rtcp', 'simulcast', 'ice-options',
  'direction', 'sctpmap',
]);

/** Single-valued at session level: {@link SINGLE} plus `a=msid-semantic`. */
const SESSION_SINGLE = new Set([...SINGLE, 'msid-semantic']);

/** Attributes that are flags (no value allowed). */
const FLAGS = new Set([
  'rtcp-mux', 'rtcp-mux-only', 'rtcp-rsize', 'bundle-only', 'end-of-candidates', 'extmap-allow-mixed', 'ice-lite',
  'sendrecv', 'sendonly', 'recvonly', 'inactive',
]);

/** Valued attributes read the same way at session and media level ({@link sharedValuedAttribute}). */
const SHARED_VALUED = new Set(['ice-ufrag', 'ice-pwd', 'ice-options', 'fingerprint', 'setup']);

/** Known media-level attributes that require a value (`a=mid` alone is malformed). */
const KNOWN_VALUED = new Set([
  ...SHARED_VALUED, 'mid', 'candidate', 'extmap', 'msid', 'ssrc', 'ssrc-group', 'rid', 'simulcast', 'sctp-port',
  'max-message-size', 'sctpmap', 'rtcp', 'rtpmap', 'fmtp', 'rtcp-fb',
]);

/** Known session-level attributes that require a value. */
const SESSION_KNOWN_VALUED = new Set([...SHARED_VALUED, 'group', 'msid-semantic']);

/** The fields both a session and a media section carry for the attributes valid at either level. */
type AttributeLevel = Pick<
  SessionDescription & MediaSection,
  'direction' | 'extmapAllowMixed' | 'iceUfrag' | 'icePwd' | 'iceOptions' | 'fingerprints' | 'setup' | 'attributes'
>;

/**
 * Checks done before any attribute is read, at either level: a flag carries no
 * value, and a single-valued attribute (any direction counts as one) occurs at
 * most once. Returns a reason on failure.
 */
function checkOccurrence(
  seen: Set<string>,
  single: ReadonlySet<string>,
  name: string,
  value: string | undefined,
): string | undefined {
  if (FLAGS.has(name) && value !== undefined) return `a=${name} takes no value`;
  const key = isDirection(name) ? 'direction' : name;
  if (single.has(key)) {
    if (seen.has(key)) return `duplicate a=${name}`;
    seen.add(key);
  }
  return undefined;
}

/**
 * Flags valid at both levels: a direction (RFC 8866 §6.7) and
 * `a=extmap-allow-mixed` (RFC 8285 §6). Returns false if `name` is neither.
 */
function sharedFlag(s: AttributeLevel, name: string): boolean {
  if (isDirection(name)) {
    s.direction = name;
    return true;
  }
  if (name === 'extmap-allow-mixed') {
    s.extmapAllowMixed = true;
    return true;
  }
  return false;
}

/**
 * An attribute written without a value that is not a flag this level reads:
 * an error for a known valued attribute, otherwise kept as a generic one.
 */
function valuelessAttribute(s: AttributeLevel, knownValued: ReadonlySet<string>, name: string): string | undefined {
  if (knownValued.has(name)) return `a=${name} needs a value`;
  s.attributes.push({ name });
  return undefined;
}

/**
 * Reads one of {@link SHARED_VALUED}: ICE credentials and options (RFC 8839
 * §5.4, §5.6), `a=fingerprint` (RFC 8122 §5), `a=setup` (RFC 4145 §4); any
 * other name is kept as a generic attribute. Returns a reason on failure.
 */
function sharedValuedAttribute(s: AttributeLevel, name: string, value: string): string | undefined {
  switch (name) {
    case 'ice-ufrag':
      if (!isIceUfrag(value)) return 'invalid a=ice-ufrag';
      s.iceUfrag = value;
      return undefined;
    case 'ice-pwd':
      if (!isIcePwd(value)) return 'invalid a=ice-pwd';
      s.icePwd = value;
      return undefined;
    case 'ice-options': {
      const o = parseIceOptions(value);
      if (!o) return 'invalid a=ice-options';
      s.iceOptions = o;
      return undefined;
    }
    case 'fingerprint': {
      const f = parseFingerprint(value);
      if (!f) return 'invalid a=fingerprint';
      s.fingerprints.push(f);
      return undefined;
    }
    case 'setup': {
      const v = parseSetup(value);
      if (!v) return 'invalid a=setup';
      s.setup = v;
      return undefined;
    }
  }
  s.attributes.push({ name, value });
  return undefined;
}

/** Handles one media-level `a=` line; returns a reason on failure. */
function mediaAttribute(st: MediaState, name: string, value: string | undefined, line: number): string | undefined {
  const s = st.section;
  const bad = checkOccurrence(st.seen, SINGLE, name, value);
  if (bad) return bad;
  if (sharedFlag(s, name)) return undefined;
  switch (name) {
    case 'rtcp-mux':
      s.rtcpMux = true;
      return undefined;
    case 'rtcp-mux-only':
      s.rtcpMuxOnly = true;
      return undefined;
    case 'rtcp-rsize':
      s.rtcpRsize = true;
      return undefined;
    case 'bundle-only':
      s.bundleOnly = true;
      return undefined;
    case 'end-of-candidates':
      s.endOfCandidates = true;
      return undefined;
  }
  if (value === undefined) return valuelessAttribute(s, KNOWN_VALUED, name);
  if (SHARED_VALUED.has(name)) return sharedValuedAttribute(s, name, value);
  switch (name) {
    case 'mid': {
      const mid = parseMid(value);
      if (mid === undefined) return 'invalid a=mid';
      s.mid = mid;
      return undefined;
    }
    case 'candidate': {
      const c = parseCandidateAttribute('candidate:' + value);
      if (!c) return 'invalid a=candidate';
      s.candidates.push({ ...c, attribute: 'candidate:' + value });
      return undefined;
    }
    case 'extmap': {
      const e = parseExtmap(value);
      if (!e) return 'invalid a=extmap';
      s.headerExtensions.push(e);
      st.extmapLines.push({ id: e.id, line });
      return undefined;
    }
    case 'msid': {
      const m = parseMsid(value);
      if (!m) return 'invalid a=msid';
      s.msids.push(m);
      return undefined;
    }
    case 'ssrc': {
      const x = parseSsrc(value);
      if (!x) return 'invalid a=ssrc';
      let entry = st.ssrcIndex.get(x.ssrc);
      if (!entry) {
        entry = { ssrc: x.ssrc, attributes: [] };
        st.ssrcIndex.set(x.ssrc, entry);
        s.ssrcs.push(entry);
      }
      entry.attributes.push(x.attribute);
      return undefined;
    }
    case 'ssrc-group': {
      const g = parseSsrcGroup(value);
      if (!g) return 'invalid a=ssrc-group';
      s.ssrcGroups.push(g);
      return undefined;
    }
    case 'rid': {
      const r = parseRid(value);
      if (!r) return 'invalid a=rid';
      s.rids.push(r);
      return undefined;
    }
    case 'simulcast': {
      const sc = parseSimulcast(value);
      if (!sc) return 'invalid a=simulcast';
      s.simulcast = sc;
      return undefined;
    }
    case 'sctp-port': {
      const p = parseSctpPort(value);
      if (p === undefined) return 'invalid a=sctp-port';
      s.sctpPort = p;
      return undefined;
    }
    case 'max-message-size': {
      const m = parseMaxMessageSize(value);
      if (m === undefined) return 'invalid a=max-message-size';
      s.maxMessageSize = m;
      return undefined;
    }
    case 'sctpmap': {
      const m = parseSctpmap(value);
      if (!m) return 'invalid a=sctpmap';
      s.sctpmap = m;
      return undefined;
    }
    case 'rtcp': {
      const r = parseRtcp(value);
      if (!r) return 'invalid a=rtcp';
      s.rtcp = r;
      return undefined;
    }
  }
  if (st.isRtp) {
    switch (name) {
      case 'rtpmap': {
        const r = parseRtpmap(value);
        if (!r) return 'invalid a=rtpmap';
        if (st.rtpmaps.has(r.payloadType)) return `duplicate a=rtpmap for payload type ${r.payloadType}`;
        notePt(st, r.payloadType);
        const { payloadType: _pt, ...rest } = r;
        st.rtpmaps.set(r.payloadType, rest);
        return undefined;
      }
      case 'fmtp': {
        const f = parseFmtp(value);
        if (!f) return 'invalid a=fmtp';
        const pt = parseIntIn(f.format, 0, 127);
        if (pt === undefined) return 'invalid a=fmtp payload type';
        notePt(st, pt);
        const list = st.fmtps.get(pt);
        if (list) list.push(...f.parameters);
        else st.fmtps.set(pt, f.parameters);
        return undefined;
      }
      case 'rtcp-fb': {
        const f = parseRtcpFb(value);
        if (!f) return 'invalid a=rtcp-fb';
        if (f.payloadType === '*') {
          s.rtcpFeedbackWildcard.push(f.feedback);
          return undefined;
        }
        notePt(st, f.payloadType);
        const list = st.feedback.get(f.payloadType);
        if (list) list.push(f.feedback);
        else st.feedback.set(f.payloadType, [f.feedback]);
        return undefined;
      }
    }
  }
  s.attributes.push({ name, value });
  return undefined;
}

/** Closes a section: builds codecs and checks extmap ids (RFC 8285 §5, §6). */
function finishMedia(st: MediaState, sessionAllowMixed: boolean): Failure | undefined {
  const s = st.section;
  const allowMixed = sessionAllowMixed || s.extmapAllowMixed;
  const maxId = allowMixed ? 255 : 14;
  const ids = new Set<number>();
  for (const { id, line } of st.extmapLines) {
    if (id < 1 || id > maxId) return fail(line, `a=extmap id ${id} out of range 1-${maxId}`);
    if (ids.has(id)) return fail(line, `duplicate a=extmap id ${id}`);
    ids.add(id);
  }
  if (!st.isRtp) return undefined;
  // Codec order: the m= line's preference order, then payload types only
  // mentioned by attributes.
  const order: number[] = [];
  const seen = new Set<number>();
  for (const f of s.formats) {
    const pt = Number(f);
    if (!seen.has(pt)) {
      seen.add(pt);
      order.push(pt);
    }
  }
  for (const pt of st.ptOrder) {
    if (!seen.has(pt)) {
      seen.add(pt);
      order.push(pt);
    }
  }
  for (const pt of order) {
    const map = st.rtpmaps.get(pt);
    const codec: Codec = map
      ? { payloadType: pt, name: map.name, clockRate: map.clockRate, parameters: [], rtcpFeedback: [] }
      : {
          payloadType: pt,
          name: STATIC_PAYLOAD_TYPES[pt]?.name ?? '',
          clockRate: STATIC_PAYLOAD_TYPES[pt]?.clockRate ?? 0,
          parameters: [],
          rtcpFeedback: [],
          implicit: true,
        };
    const channels = map ? map.channels : STATIC_PAYLOAD_TYPES[pt]?.channels;
    if (channels !== undefined) codec.channels = channels;
    codec.parameters = st.fmtps.get(pt) ?? [];
    codec.rtcpFeedback = st.feedback.get(pt) ?? [];
    s.codecs.push(codec);
  }
  return undefined;
}

/**
 * Parses and validates an SDP blob. Lines may end in CRLF or LF; trailing
 * empty lines are ignored. Returns the model, or the 1-based number of the
 * first offending line and a reason. Never throws.
 */
export function parseSdp(text: string): SdpParseResult {
  if (typeof text !== 'string') return fail(1, 'not a string');
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const end = lines.length + 1;

  const session: SessionDescription = {
    version: 0,
    origin: { username: '', sessionId: '', sessionVersion: '', netType: '', addressType: '', address: '' },
    sessionName: '',
    bandwidths: [],
    timing: { start: 0, stop: 0 },
    otherLines: [],
    groups: [],
    extmapAllowMixed: false,
    iceLite: false,
    fingerprints: [],
    attributes: [],
    media: [],
  };
  if (lines.length === 0 || lines[0] !== 'v=0') return fail(1, 'expected v=0');
  if (lines.length < 2 || !lines[1]!.startsWith('o=')) return fail(2, 'expected o=');
  const origin = parseOrigin(lines[1]!.slice(2));
  if (!origin) return fail(2, 'invalid o=');
  session.origin = origin;
  if (lines.length < 3 || !lines[2]!.startsWith('s=')) return fail(3, 'expected s=');
  session.sessionName = lines[2]!.slice(2);
  if (session.sessionName.includes('\r')) return fail(3, 'stray CR');

  let sawTiming = false;
  const sessionSeen = new Set<string>();
  let media: MediaState | undefined;

  for (let i = 3; i < lines.length; i++) {
    const n = i + 1;
    const text = lines[i]!;
    if (text.length < 2 || text[1] !== '=' || !/^[a-z]$/.test(text[0]!)) return fail(n, 'expected <type>=<value>');
    if (text.includes('\r')) return fail(n, 'stray CR');
    const type = text[0]!;
    const value = text.slice(2);

    if (type === 'm') {
      if (!sawTiming) return fail(n, 'missing t= before m=');
      if (media) {
        const f = finishMedia(media, session.extmapAllowMixed);
        if (f) return f;
      }
      media = parseMediaLine(value);
      if (!media) return fail(n, 'invalid m=');
      session.media.push(media.section);
      continue;
    }

    if (media) {
      const s = media.section;
      switch (type) {
        case 'i':
        case 'c':
        case 'b': {
          const reason = levelLine(s, type, value);
          if (reason) return fail(n, reason);
          continue;
        }
        case 'k':
          s.otherLines.push({ type, value });
          continue;
        case 'a': {
          const { name, value: v } = splitAttribute(value);
          if (!isToken(name)) return fail(n, 'invalid attribute name');
          const reason = mediaAttribute(media, name, v, n);
          if (reason) return fail(n, reason);
          continue;
        }
        default:
          return fail(n, `${type}= not allowed in a media section`);
      }
    }

    switch (type) {
      case 'i':
      case 'c':
      case 'b': {
        const reason = levelLine(session, type, value);
        if (reason) return fail(n, reason);
        continue;
      }
      case 't': {
        const m = /^([0-9]{1,15}) ([0-9]{1,15})$/.exec(value);
        if (!m) return fail(n, 'invalid t=');
        if (sawTiming) session.otherLines.push({ type, value });
        else session.timing = { start: Number(m[1]), stop: Number(m[2]) };
        sawTiming = true;
        continue;
      }
      case 'u':
      case 'e':
      case 'p':
      case 'k':
        session.otherLines.push({ type, value });
        continue;
      case 'r':
      case 'z':
        if (!sawTiming) return fail(n, `${type}= before t=`);
        session.otherLines.push({ type, value });
        continue;
      case 'a': {
        const { name, value: v } = splitAttribute(value);
        if (!isToken(name)) return fail(n, 'invalid attribute name');
        const reason = sessionAttribute(session, sessionSeen, name, v);
        if (reason) return fail(n, reason);
        continue;
      }
      default:
        return fail(n, `unexpected ${type}= line`);
    }
  }
  if (media) {
    const f = finishMedia(media, session.extmapAllowMixed);
    if (f) return f;
  } else if (!sawTiming) {
    return fail(end, 'missing t=');
  }
  return { ok: true, sdp: session };
}

/** Handles one session-level `a=` line; returns a reason on failure. */
function sessionAttribute(
  s: SessionDescription,
  seen: Set<string>,
  name: string,
  value: string | undefined,
): string | undefined {
  const bad = checkOccurrence(seen, SESSION_SINGLE, name, value);
  if (bad) return bad;
  if (sharedFlag(s, name)) return undefined;
  if (name === 'ice-lite') {
    s.iceLite = true;
    return undefined;
  }
  if (value === undefined) return valuelessAttribute(s, SESSION_KNOWN_VALUED, name);
  switch (name) {
    case 'group': {
      const g = parseGroup(value);
      if (!g) return 'invalid a=group';
      s.groups.push(g);
      return undefined;
    }
    case 'msid-semantic': {
      const m = parseMsidSemantic(value);
      if (!m) return 'invalid a=msid-semantic';
      s.msidSemantic = m;
      return undefined;
    }
  }
  return sharedValuedAttribute(s, name, value);
}
