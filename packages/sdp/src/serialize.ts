/**
 * SDP serializer: writes a {@link SessionDescription} with CRLF line endings,
 * lines in RFC 8866 §5 order and attributes in the order Chrome emits them
 * (which Firefox and Safari accept). Unknown attributes come last in their
 * section, in their original order, except those Chrome writes among the
 * known ones ({@link CHROME_PLACED}).
 */
import { serializeFmtpParameters } from './attributes.js';
import type { Attribute, Codec, MediaSection, OtherLine, SessionDescription } from './model.js';
import { serializeRid } from './rid.js';
import { serializeSimulcast } from './simulcast.js';

function attr(name: string, value?: string): string {
  return value === undefined ? `a=${name}` : `a=${name}:${value}`;
}

function others(lines: OtherLine[], types: string, out: string[]): void {
  for (const l of lines) if (types.includes(l.type)) out.push(`${l.type}=${l.value}`);
}

/**
 * Unmodelled media attributes Chrome writes at a fixed place rather than
 * last: `a=rtcp-xr` (RFC 3611 §5.1) right after `a=rtcp-rsize`.
 */
const CHROME_PLACED: ReadonlySet<string> = new Set(['rtcp-xr']);

function unknown(attrs: Attribute[], out: string[], from = 0, to = attrs.length): void {
  for (let i = from; i < to; i++) out.push(attr(attrs[i]!.name, attrs[i]!.value));
}

/**
 * How many of a section's unknown attributes go after `a=rtcp-rsize`: all of
 * them up to the last Chrome-placed one, so that the unknown attributes keep
 * their relative order (and parse back to the same list).
 */
function chromePlacedPrefix(attrs: Attribute[]): number {
  for (let i = attrs.length - 1; i >= 0; i--) if (CHROME_PLACED.has(attrs[i]!.name)) return i + 1;
  return 0;
}

function codecLines(c: Codec, out: string[]): void {
  if (!c.implicit) {
    out.push(attr('rtpmap', `${c.payloadType} ${c.name}/${c.clockRate}${c.channels !== undefined ? `/${c.channels}` : ''}`));
  }
  for (const fb of c.rtcpFeedback) {
    out.push(attr('rtcp-fb', `${c.payloadType} ${fb.type}${fb.parameter !== undefined ? ` ${fb.parameter}` : ''}`));
  }
  if (c.parameters.length > 0) out.push(attr('fmtp', `${c.payloadType} ${serializeFmtpParameters(c.parameters)}`));
}

function mediaLines(m: MediaSection, out: string[]): void {
  const port = m.numberOfPorts !== undefined ? `${m.port}/${m.numberOfPorts}` : `${m.port}`;
  out.push(`m=${m.kind} ${port} ${m.protocol} ${m.formats.join(' ')}`);
  if (m.information !== undefined) out.push(`i=${m.information}`);
  if (m.connection) out.push(`c=${m.connection.netType} ${m.connection.addressType} ${m.connection.address}`);
  for (const b of m.bandwidths) out.push(`b=${b.type}:${b.value}`);
  others(m.otherLines, 'k', out);
  if (m.rtcp) {
    const r = m.rtcp;
    out.push(attr('rtcp', r.netType !== undefined ? `${r.port} ${r.netType} ${r.addressType} ${r.address}` : `${r.port}`));
  }
  for (const c of m.candidates) out.push(`a=${c.attribute}`);
  if (m.endOfCandidates) out.push('a=end-of-candidates');
  if (m.iceUfrag !== undefined) out.push(attr('ice-ufrag', m.iceUfrag));
  if (m.icePwd !== undefined) out.push(attr('ice-pwd', m.icePwd));
  if (m.iceOptions) out.push(attr('ice-options', m.iceOptions.join(' ')));
  for (const f of m.fingerprints) out.push(attr('fingerprint', `${f.algorithm} ${f.value}`));
  if (m.setup) out.push(attr('setup', m.setup));
  if (m.mid !== undefined) out.push(attr('mid', m.mid));
  if (m.bundleOnly) out.push('a=bundle-only');
  if (m.extmapAllowMixed) out.push('a=extmap-allow-mixed');
  for (const e of m.headerExtensions) {
    const id = e.direction ? `${e.id}/${e.direction}` : `${e.id}`;
    out.push(attr('extmap', `${id} ${e.uri}${e.attributes !== undefined ? ` ${e.attributes}` : ''}`));
  }
  if (m.direction) out.push(`a=${m.direction}`);
  for (const x of m.msids) out.push(attr('msid', x.trackId !== undefined ? `${x.streamId} ${x.trackId}` : x.streamId));
  if (m.rtcpMux) out.push('a=rtcp-mux');
  if (m.rtcpMuxOnly) out.push('a=rtcp-mux-only');
  if (m.rtcpRsize) out.push('a=rtcp-rsize');
  const placed = chromePlacedPrefix(m.attributes);
  unknown(m.attributes, out, 0, placed);
  for (const c of m.codecs) codecLines(c, out);
  for (const fb of m.rtcpFeedbackWildcard) {
    out.push(attr('rtcp-fb', `* ${fb.type}${fb.parameter !== undefined ? ` ${fb.parameter}` : ''}`));
  }
  if (m.sctpmap) {
    const s = m.sctpmap;
    out.push(attr('sctpmap', `${s.port} ${s.protocol}${s.streams !== undefined ? ` ${s.streams}` : ''}`));
  }
  if (m.sctpPort !== undefined) out.push(attr('sctp-port', `${m.sctpPort}`));
  if (m.maxMessageSize !== undefined) out.push(attr('max-message-size', `${m.maxMessageSize}`));
  for (const r of m.rids) out.push(attr('rid', serializeRid(r)));
  if (m.simulcast) out.push(attr('simulcast', serializeSimulcast(m.simulcast)));
  for (const g of m.ssrcGroups) out.push(attr('ssrc-group', `${g.semantics} ${g.ssrcs.join(' ')}`));
  for (const s of m.ssrcs) {
    for (const a of s.attributes) out.push(attr('ssrc', `${s.ssrc} ${a.value !== undefined ? `${a.name}:${a.value}` : a.name}`));
  }
  unknown(m.attributes, out, placed);
}

/** Writes a session description as SDP text with CRLF line endings (and a final CRLF). */
export function serializeSdp(sdp: SessionDescription): string {
  const out: string[] = [];
  const o = sdp.origin;
  out.push(`v=${sdp.version}`);
  out.push(`o=${o.username} ${o.sessionId} ${o.sessionVersion} ${o.netType} ${o.addressType} ${o.address}`);
  out.push(`s=${sdp.sessionName}`);
  if (sdp.information !== undefined) out.push(`i=${sdp.information}`);
  others(sdp.otherLines, 'uep', out);
  if (sdp.connection) out.push(`c=${sdp.connection.netType} ${sdp.connection.addressType} ${sdp.connection.address}`);
  for (const b of sdp.bandwidths) out.push(`b=${b.type}:${b.value}`);
  out.push(`t=${sdp.timing.start} ${sdp.timing.stop}`);
  others(sdp.otherLines, 'trz', out);
  others(sdp.otherLines, 'k', out);
  if (sdp.iceLite) out.push('a=ice-lite');
  for (const g of sdp.groups) out.push(attr('group', [g.semantics, ...g.mids].join(' ')));
  if (sdp.extmapAllowMixed) out.push('a=extmap-allow-mixed');
  if (sdp.msidSemantic) {
    // Chrome and Safari write a space after the colon; every parser accepts it.
    out.push(`a=msid-semantic: ${[sdp.msidSemantic.semantic, ...sdp.msidSemantic.identifiers].join(' ')}`);
  }
  if (sdp.iceUfrag !== undefined) out.push(attr('ice-ufrag', sdp.iceUfrag));
  if (sdp.icePwd !== undefined) out.push(attr('ice-pwd', sdp.icePwd));
  if (sdp.iceOptions) out.push(attr('ice-options', sdp.iceOptions.join(' ')));
  for (const f of sdp.fingerprints) out.push(attr('fingerprint', `${f.algorithm} ${f.value}`));
  if (sdp.setup) out.push(attr('setup', sdp.setup));
  if (sdp.direction) out.push(`a=${sdp.direction}`);
  unknown(sdp.attributes, out);
  for (const m of sdp.media) mediaLines(m, out);
  return out.join('\r\n') + '\r\n';
}
