/**
 * Writes offers and answers (RFC 8829 §5.2 "Generating an Offer", §5.3
 * "Generating an Answer") from a plan the signaling core computes. Only text
 * generation lives here: which m= sections exist, their mids, directions and
 * codecs are decided by the caller (jsep-plan.ts).
 */
import type { JsepCodec, JsepHeaderExtension } from './jsep-codecs.js';
import type { SdpDirection } from './jsep-sdp.js';

/** One m= section to write. */
export interface JsepMediaPlan {
  kind: 'audio' | 'video' | 'application' | string;
  mid: string;
  /** For a rejected section of a kind we do not implement: the offered proto and formats, echoed. */
  echo?: { protocol: string; formats: string[] };
  /** Port 0: a rejected or stopped section (RFC 8829 §5.2.2, §5.3.1). */
  rejected: boolean;
  direction: SdpDirection;
  codecs: JsepCodec[];
  headerExtensions: JsepHeaderExtension[];
  /** Present when the section sends: a=msid and a=ssrc lines (RFC 8829 §5.2.1). */
  sending?: { streamIds: string[]; trackId: string; ssrc: number; rtxSsrc?: number; cname: string };
  /** RIDs for a=rid:<id> send and a=simulcast:send (RFC 8851, RFC 8853). */
  sendRids?: string[];
  /** RIDs received (answer to a simulcast offer): a=rid:<id> recv and a=simulcast:recv. */
  recvRids?: string[];
  /** Whether a=rtcp-rsize is written (RFC 5506). */
  rtcpRsize?: boolean;
  /** a=sctp-port / a=max-message-size for application sections (RFC 8841 §5, §6). */
  sctpPort?: number;
  maxMessageSize?: number;
  /** a=bundle-only (RFC 8843 §6). */
  bundleOnly?: boolean;
}

/** A whole description to write. */
export interface JsepSessionPlan {
  /** o= session id and version, decimal strings (they may exceed 2^53). */
  sessionId: string;
  sessionVersion: string;
  iceUfrag: string;
  icePwd: string;
  fingerprint: { algorithm: string; value: string };
  /** a=setup (RFC 8842 §5): actpass in offers, active/passive in answers. */
  setup: 'actpass' | 'active' | 'passive';
  /** The mids of the BUNDLE group, or undefined for none (RFC 8843). */
  bundle: string[] | undefined;
  media: JsepMediaPlan[];
}

const RTP_PROTO = 'UDP/TLS/RTP/SAVPF';
const SCTP_PROTO = 'UDP/DTLS/SCTP';

/** Writes `plan` as SDP text with CRLF line endings. */
export function buildSdp(plan: JsepSessionPlan): string {
  const out: string[] = [];
  // RFC 8829 §5.2.1: v=, o=- <id> <version> IN IP4 127.0.0.1, s=-, t=0 0.
  out.push('v=0', `o=- ${plan.sessionId} ${plan.sessionVersion} IN IP4 127.0.0.1`, 's=-', 't=0 0');
  if (plan.bundle && plan.bundle.length > 0) out.push(`a=group:BUNDLE ${plan.bundle.join(' ')}`);
  out.push('a=extmap-allow-mixed', 'a=msid-semantic: WMS');
  for (const m of plan.media) writeMedia(out, plan, m);
  return out.join('\r\n') + '\r\n';
}

function writeMedia(out: string[], plan: JsepSessionPlan, m: JsepMediaPlan): void {
  const port = m.rejected ? 0 : 9;
  if (m.echo) {
    out.push(`m=${m.kind} 0 ${m.echo.protocol} ${m.echo.formats.join(' ')}`, 'c=IN IP4 0.0.0.0', `a=mid:${m.mid}`);
    return;
  }
  if (m.kind === 'application') {
    out.push(`m=application ${port} ${SCTP_PROTO} webrtc-datachannel`, 'c=IN IP4 0.0.0.0');
    if (!m.rejected) writeTransport(out, plan, m);
    out.push(`a=mid:${m.mid}`);
    if (!m.rejected) {
      out.push(`a=sctp-port:${m.sctpPort ?? 5000}`, `a=max-message-size:${m.maxMessageSize ?? 262144}`);
    }
    return;
  }
  const codecs = m.rejected && m.codecs.length > 1 ? m.codecs.slice(0, 1) : m.codecs;
  out.push(`m=${m.kind} ${port} ${RTP_PROTO} ${codecs.map((c) => c.payloadType).join(' ')}`, 'c=IN IP4 0.0.0.0');
  if (m.rejected) {
    out.push(`a=mid:${m.mid}`, 'a=inactive');
    for (const c of codecs) out.push(rtpmap(c));
    return;
  }
  out.push('a=rtcp:9 IN IP4 0.0.0.0');
  writeTransport(out, plan, m);
  out.push(`a=mid:${m.mid}`);
  for (const e of m.headerExtensions) out.push(`a=extmap:${e.id} ${e.uri}`);
  out.push(`a=${m.direction}`);
  if (m.sending) {
    const ids = m.sending.streamIds.length > 0 ? m.sending.streamIds : ['-'];
    for (const id of ids) out.push(`a=msid:${id} ${m.sending.trackId}`);
  }
  out.push('a=rtcp-mux');
  if (m.rtcpRsize !== false) out.push('a=rtcp-rsize');
  for (const c of codecs) {
    out.push(rtpmap(c));
    for (const fb of c.rtcpFeedback) out.push(`a=rtcp-fb:${c.payloadType} ${fb.type}${fb.parameter ? ' ' + fb.parameter : ''}`);
    if (c.sdpFmtpLine) out.push(`a=fmtp:${c.payloadType} ${c.sdpFmtpLine}`);
  }
  if (m.sendRids && m.sendRids.length > 1) {
    for (const r of m.sendRids) out.push(`a=rid:${r} send`);
    out.push(`a=simulcast:send ${m.sendRids.join(';')}`);
  } else if (m.recvRids && m.recvRids.length > 1) {
    for (const r of m.recvRids) out.push(`a=rid:${r} recv`);
    out.push(`a=simulcast:recv ${m.recvRids.join(';')}`);
  } else if (m.sending) {
    const s = m.sending;
    if (s.rtxSsrc !== undefined) out.push(`a=ssrc-group:FID ${s.ssrc} ${s.rtxSsrc}`);
    for (const ssrc of s.rtxSsrc !== undefined ? [s.ssrc, s.rtxSsrc] : [s.ssrc]) {
      out.push(`a=ssrc:${ssrc} cname:${s.cname}`);
      out.push(`a=ssrc:${ssrc} msid:${s.streamIds[0] ?? '-'} ${s.trackId}`);
    }
  }
}

function writeTransport(out: string[], plan: JsepSessionPlan, m: JsepMediaPlan): void {
  out.push(`a=ice-ufrag:${plan.iceUfrag}`, `a=ice-pwd:${plan.icePwd}`, 'a=ice-options:trickle');
  out.push(`a=fingerprint:${plan.fingerprint.algorithm} ${plan.fingerprint.value}`, `a=setup:${plan.setup}`);
  if (m.bundleOnly) out.push('a=bundle-only');
}

function rtpmap(c: JsepCodec): string {
  const name = c.mimeType.slice(c.mimeType.indexOf('/') + 1);
  return `a=rtpmap:${c.payloadType} ${name}/${c.clockRate}${c.channels && c.channels > 1 ? '/' + c.channels : ''}`;
}
