/**
 * Value grammars of the attributes WebRTC uses. Each `parseX` takes the text
 * after `a=<name>:` and returns the parsed value, or undefined when the value
 * breaks the attribute's grammar (the caller reports the line number).
 */
import { DIGITS, ICE_CHARS, UINT32_MAX, isToken, parseIntIn, splitSpaces } from './grammar.js';
import type {
  CodecParameter,
  Direction,
  Fingerprint,
  Group,
  HeaderExtension,
  Msid,
  MsidSemantic,
  RtcpAttribute,
  RtcpFeedback,
  SctpMap,
  Setup,
  SsrcAttribute,
  SsrcGroup,
} from './model.js';

/** The four direction attributes (RFC 8866 §6.7). */
export const DIRECTIONS: readonly Direction[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

/** True for a valid direction string. */
export function isDirection(s: string): s is Direction {
  return (DIRECTIONS as readonly string[]).includes(s);
}

/** RFC 8866 §6.6: `a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]`. */
export function parseRtpmap(
  v: string,
): { payloadType: number; name: string; clockRate: number; channels?: number } | undefined {
  const sp = v.indexOf(' ');
  if (sp < 0) return undefined;
  const payloadType = parseIntIn(v.slice(0, sp), 0, 127);
  if (payloadType === undefined) return undefined;
  const parts = v.slice(sp + 1).split('/');
  if (parts.length < 2 || parts.length > 3) return undefined;
  const [name, rate, ch] = parts as [string, string, string | undefined];
  if (!isToken(name)) return undefined;
  const clockRate = parseIntIn(rate, 1, UINT32_MAX);
  if (clockRate === undefined) return undefined;
  if (ch === undefined) return { payloadType, name, clockRate };
  const channels = parseIntIn(ch, 1, 255);
  if (channels === undefined) return undefined;
  return { payloadType, name, clockRate, channels };
}

/**
 * RFC 8866 §6.15: `a=fmtp:<format> <format specific parameters>`. Parameters
 * are `;`-separated, each `key=value` or a bare token; spaces around `;` are
 * tolerated (and dropped).
 */
export function parseFmtp(v: string): { format: string; parameters: CodecParameter[] } | undefined {
  const sp = v.indexOf(' ');
  if (sp <= 0) return undefined;
  const format = v.slice(0, sp);
  if (!isToken(format)) return undefined;
  const rest = v.slice(sp + 1).trim();
  if (rest.length === 0) return undefined;
  const parameters: CodecParameter[] = [];
  for (const piece of rest.split(';')) {
    const p = piece.trim();
    if (p.length === 0) continue;
    const eq = p.indexOf('=');
    if (eq === 0) return undefined;
    if (eq < 0) parameters.push({ key: p });
    else parameters.push({ key: p.slice(0, eq).trim(), value: p.slice(eq + 1).trim() });
  }
  if (parameters.length === 0) return undefined;
  return { format, parameters };
}

/** Writes fmtp parameters as `k=v;k2=v2`. */
export function serializeFmtpParameters(ps: readonly CodecParameter[]): string {
  return ps.map((p) => (p.value === undefined ? p.key : `${p.key}=${p.value}`)).join(';');
}

/** RFC 4585 §4.2: `a=rtcp-fb:<pt>|* <type> [<parameters>]`. */
export function parseRtcpFb(v: string): { payloadType: number | '*'; feedback: RtcpFeedback } | undefined {
  const m = /^(\S+) (\S+)(?: (.+))?$/.exec(v);
  if (!m) return undefined;
  const pt = m[1]! === '*' ? '*' : parseIntIn(m[1]!, 0, 127);
  if (pt === undefined) return undefined;
  if (!isToken(m[2]!)) return undefined;
  const feedback: RtcpFeedback = { type: m[2]! };
  if (m[3] !== undefined) feedback.parameter = m[3];
  return { payloadType: pt, feedback };
}

/**
 * RFC 8285 §8: `a=extmap:<value>["/"<direction>] <URI> [<extensionattributes>]`.
 * The id range (1-14, or 1-255 with extmap-allow-mixed) is checked by the
 * caller, which knows whether mixing is allowed.
 */
export function parseExtmap(v: string): HeaderExtension | undefined {
  const m = /^([0-9]{1,5})(?:\/([a-z]+))? (\S+)(?: (.+))?$/.exec(v);
  if (!m) return undefined;
  const id = Number(m[1]);
  const ext: HeaderExtension = { id, uri: m[3]! };
  if (m[2] !== undefined) {
    if (!isDirection(m[2])) return undefined;
    ext.direction = m[2];
  }
  if (m[4] !== undefined) ext.attributes = m[4];
  return ext;
}

/** RFC 8122 §5: `a=fingerprint:<hash-func> <2HEX *(":" 2HEX)>`. Hex case is not enforced. */
export function parseFingerprint(v: string): Fingerprint | undefined {
  const m = /^(\S+) ([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2})*)$/.exec(v);
  if (!m || !isToken(m[1]!)) return undefined;
  return { algorithm: m[1]!, value: m[2]! };
}

/** RFC 4145 §4: `a=setup:active|passive|actpass|holdconn`. */
export function parseSetup(v: string): Setup | undefined {
  return v === 'actpass' || v === 'active' || v === 'passive' || v === 'holdconn' ? v : undefined;
}

/** RFC 5888 §4: `a=mid:<identification-tag>` (a token). */
export function parseMid(v: string): string | undefined {
  return isToken(v) ? v : undefined;
}

/** RFC 5888 §5: `a=group:<semantics> *(SP <identification-tag>)`. */
export function parseGroup(v: string): Group | undefined {
  const parts = splitSpaces(v);
  if (!parts || !parts.every(isToken)) return undefined;
  const [semantics, ...mids] = parts as [string, ...string[]];
  return { semantics, mids };
}

/** Legacy `a=msid-semantic: <semantic> *(SP <identifier>)` (Chrome writes a space after the colon). */
export function parseMsidSemantic(v: string): MsidSemantic | undefined {
  const parts = splitSpaces(v.replace(/^ +/, ''));
  if (!parts || !parts.every(isToken)) return undefined;
  const [semantic, ...identifiers] = parts as [string, ...string[]];
  return { semantic, identifiers };
}

/** RFC 8830 §2: `a=msid:<msid-id> [SP <msid-appdata>]`, each 1*64 token-char. */
export function parseMsid(v: string): Msid | undefined {
  const parts = splitSpaces(v);
  if (!parts || parts.length > 2) return undefined;
  for (const p of parts) if (p.length > 64 || !isToken(p)) return undefined;
  const msid: Msid = { streamId: parts[0]! };
  if (parts[1] !== undefined) msid.trackId = parts[1];
  return msid;
}

/** RFC 5576 §4.1: `a=ssrc:<ssrc-id> <attribute>[:<value>]`. */
export function parseSsrc(v: string): { ssrc: number; attribute: SsrcAttribute } | undefined {
  const m = /^([0-9]{1,10}) ([^: ]+)(?::(.*))?$/.exec(v);
  if (!m) return undefined;
  const ssrc = parseIntIn(m[1]!, 0, UINT32_MAX);
  if (ssrc === undefined || !isToken(m[2]!)) return undefined;
  const attribute: SsrcAttribute = { name: m[2]! };
  if (m[3] !== undefined) attribute.value = m[3];
  return { ssrc, attribute };
}

/** RFC 5576 §4.2: `a=ssrc-group:<semantics> *(SP <ssrc-id>)`. */
export function parseSsrcGroup(v: string): SsrcGroup | undefined {
  const parts = splitSpaces(v);
  if (!parts || parts.length < 2 || !isToken(parts[0]!)) return undefined;
  const ssrcs: number[] = [];
  for (const p of parts.slice(1)) {
    const n = p.length <= 10 ? parseIntIn(p, 0, UINT32_MAX) : undefined;
    if (n === undefined) return undefined;
    ssrcs.push(n);
  }
  return { semantics: parts[0]!, ssrcs };
}

/** RFC 8839 §5.4: ice-ufrag is 4-256 ice-chars. */
export function isIceUfrag(v: string): boolean {
  return v.length >= 4 && v.length <= 256 && ICE_CHARS.test(v);
}

/** RFC 8839 §5.4: ice-pwd is 22-256 ice-chars. */
export function isIcePwd(v: string): boolean {
  return v.length >= 22 && v.length <= 256 && ICE_CHARS.test(v);
}

/**
 * RFC 8839 §5.6: `a=ice-options:<ice-option-tag> *(SP <ice-option-tag>)`.
 * Commas are also taken as separators: libdatachannel writes
 * `a=ice-options:ice2,trickle`, and browsers accept it (a tag cannot contain a
 * comma, so nothing valid is misread).
 */
export function parseIceOptions(v: string): string[] | undefined {
  const parts = splitSpaces(v.includes(',') ? v.replace(/ *, */g, ' ') : v);
  return parts && parts.every(isToken) ? parts : undefined;
}

/** RFC 8841 §5: `a=sctp-port:<port>`, 0-65535. */
export function parseSctpPort(v: string): number | undefined {
  return v.length <= 5 ? parseIntIn(v, 0, 65535) : undefined;
}

/** RFC 8841 §6: `a=max-message-size:1*DIGIT` (0 means no limit). */
export function parseMaxMessageSize(v: string): number | undefined {
  return DIGITS.test(v) ? parseIntIn(v, 0, Number.MAX_SAFE_INTEGER) : undefined;
}

/** Legacy `a=sctpmap:<port> <protocol> [<streams>]`. */
export function parseSctpmap(v: string): SctpMap | undefined {
  const parts = splitSpaces(v);
  if (!parts || parts.length < 2 || parts.length > 3) return undefined;
  const port = parseIntIn(parts[0], 0, 65535);
  if (port === undefined || !isToken(parts[1]!)) return undefined;
  const map: SctpMap = { port, protocol: parts[1]! };
  if (parts[2] !== undefined) {
    const streams = parseIntIn(parts[2], 0, 65535);
    if (streams === undefined) return undefined;
    map.streams = streams;
  }
  return map;
}

/** RFC 3605 §2.1: `a=rtcp:<port> [<nettype> <addrtype> <connection-address>]`. */
export function parseRtcp(v: string): RtcpAttribute | undefined {
  const parts = splitSpaces(v);
  if (!parts || (parts.length !== 1 && parts.length !== 4)) return undefined;
  const port = parseIntIn(parts[0], 0, 65535);
  if (port === undefined) return undefined;
  if (parts.length === 1) return { port };
  if (!isToken(parts[1]!) || !isToken(parts[2]!) || !isToken(parts[3]!)) return undefined;
  return { port, netType: parts[1]!, addressType: parts[2]!, address: parts[3]! };
}
