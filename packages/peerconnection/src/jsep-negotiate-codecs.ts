/**
 * Answerer codec and header-extension negotiation (RFC 8829 §5.3.1): the
 * answer lists the offered payload types the answerer supports, in the
 * offerer's order (or in the answerer's codec-preference order when set),
 * keeping RTX only when its associated payload type survives.
 */
import { codecDictionaryMatch, type JsepCodec, type JsepHeaderExtension, type RtcRtpCodec } from './jsep-codecs.js';
import { attributes, type SdpMediaView } from './jsep-sdp.js';

/** The codecs an m= section declares (rtpmap, fmtp, rtcp-fb), in m= line order. */
export function codecsOfSection(m: SdpMediaView): JsepCodec[] {
  const byPt = new Map<number, JsepCodec>();
  for (const v of attributes(m.attributes, 'rtpmap')) {
    const match = /^(\d+) ([^/]+)\/(\d+)(?:\/(\d+))?$/.exec(v);
    if (!match) continue;
    const pt = Number(match[1]);
    const c: JsepCodec = { payloadType: pt, mimeType: `${m.kind}/${match[2]}`, clockRate: Number(match[3]), rtcpFeedback: [] };
    if (match[4] !== undefined) c.channels = Number(match[4]);
    else if (m.kind === 'audio') c.channels = 1;
    byPt.set(pt, c);
  }
  for (const v of attributes(m.attributes, 'fmtp')) {
    const sp = v.indexOf(' ');
    if (sp < 0) continue;
    const c = byPt.get(Number(v.slice(0, sp)));
    if (c) c.sdpFmtpLine = v.slice(sp + 1);
  }
  for (const v of attributes(m.attributes, 'rtcp-fb')) {
    const parts = v.split(' ');
    const c = byPt.get(Number(parts[0]));
    if (c && parts[1]) c.rtcpFeedback.push(parts[2] ? { type: parts[1], parameter: parts.slice(2).join(' ') } : { type: parts[1] });
  }
  const out: JsepCodec[] = [];
  for (const f of m.formats) {
    const c = byPt.get(Number(f));
    if (c) out.push(c);
  }
  return out;
}

/** The header extensions an m= section declares (a=extmap, RFC 8285). */
export function extensionsOfSection(m: SdpMediaView): JsepHeaderExtension[] {
  const out: JsepHeaderExtension[] = [];
  for (const v of attributes(m.attributes, 'extmap')) {
    const match = /^(\d+)(?:\/\w+)? (\S+)/.exec(v);
    if (match) out.push({ id: Number(match[1]), uri: match[2]! });
  }
  return out;
}

function fmtpParam(c: RtcRtpCodec, key: string): string | undefined {
  for (const part of (c.sdpFmtpLine ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim().toLowerCase() === key) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Whether two codecs describe the same media format for offer/answer
 * (RFC 8829 §5.3.1, RFC 3264 §6.1): same name, clock rate and channels, and
 * the same format-identifying parameters (H.264 profile and packetization
 * mode, RFC 6184 §8.1; VP9 profile-id; AV1 profile). Other fmtp parameters
 * (Opus minptime, useinbandfec...) describe preferences, not the format.
 */
export function sameMediaFormat(a: RtcRtpCodec, b: RtcRtpCodec): boolean {
  if (a.mimeType.toLowerCase() !== b.mimeType.toLowerCase() || a.clockRate !== b.clockRate) return false;
  if ((a.channels ?? 1) !== (b.channels ?? 1)) return false;
  const name = a.mimeType.slice(a.mimeType.indexOf('/') + 1).toLowerCase();
  if (name === 'h264') {
    if ((fmtpParam(a, 'packetization-mode') ?? '0') !== (fmtpParam(b, 'packetization-mode') ?? '0')) return false;
    // profile_idc and profile-iop (the first two bytes); the level may differ.
    const pa = (fmtpParam(a, 'profile-level-id') ?? '42e01f').slice(0, 4).toLowerCase();
    const pb = (fmtpParam(b, 'profile-level-id') ?? '42e01f').slice(0, 4).toLowerCase();
    return pa === pb;
  }
  if (name === 'vp9') return (fmtpParam(a, 'profile-id') ?? '0') === (fmtpParam(b, 'profile-id') ?? '0');
  if (name === 'av1') return (fmtpParam(a, 'profile') ?? '0') === (fmtpParam(b, 'profile') ?? '0');
  return true;
}

function aptOf(c: RtcRtpCodec): number | undefined {
  const m = /(?:^|;)\s*apt=(\d+)/.exec(c.sdpFmtpLine ?? '');
  return m ? Number(m[1]) : undefined;
}

function isRtx(c: RtcRtpCodec): boolean {
  return c.mimeType.toLowerCase().endsWith('/rtx');
}

/**
 * Offered codecs we support, with the offerer's payload types. `preferred`
 * (a transceiver's codec preferences) reorders and filters when non-empty.
 */
export function negotiateCodecs(local: readonly JsepCodec[], offered: readonly JsepCodec[], preferred: readonly RtcRtpCodec[]): JsepCodec[] {
  const primary = offered.filter((o) => !isRtx(o) && local.some((l) => !isRtx(l) && sameMediaFormat(l, o)));
  let ordered = primary;
  if (preferred.length > 0) {
    ordered = [];
    for (const p of preferred) {
      if (isRtx(p)) continue;
      for (const o of primary) if (!ordered.includes(o) && sameMediaFormat(p, o)) ordered.push(o);
    }
  }
  const wantRtx = local.some(isRtx) && (preferred.length === 0 || preferred.some(isRtx));
  const out: JsepCodec[] = [];
  for (const c of ordered) {
    out.push(c);
    if (!wantRtx) continue;
    const rtx = offered.find((o) => isRtx(o) && aptOf(o) === c.payloadType);
    if (rtx) out.push(rtx);
  }
  return out;
}

/** Offered header extensions we support, keeping the offerer's ids. */
export function negotiateExtensions(local: readonly JsepHeaderExtension[], offered: readonly JsepHeaderExtension[]): JsepHeaderExtension[] {
  return offered.filter((o) => local.some((l) => l.uri === o.uri));
}

/**
 * The codecs a transceiver offers: the local list, reordered and filtered by
 * its codec preferences (webrtc-pc §4.4.1.5 createOffer "filteredCodecs"),
 * with RTX entries following the primaries they repair.
 */
export function offerCodecs(local: readonly JsepCodec[], preferred: readonly RtcRtpCodec[]): JsepCodec[] {
  if (preferred.length === 0) return local.slice();
  const out: JsepCodec[] = [];
  const wantRtx = preferred.some(isRtx);
  for (const p of preferred) {
    if (isRtx(p)) continue;
    for (const l of local) {
      if (isRtx(l) || out.includes(l) || !codecDictionaryMatch(p, l)) continue;
      out.push(l);
      if (wantRtx) {
        const rtx = local.find((r) => isRtx(r) && aptOf(r) === l.payloadType);
        if (rtx) out.push(rtx);
      }
    }
  }
  return out.length > 0 ? out : local.slice();
}
