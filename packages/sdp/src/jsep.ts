/**
 * JSEP building blocks (RFC 8829 §5.2 offers, §5.3 answers): the session
 * header and the media sections a peer connection assembles descriptions
 * from. Each builder returns plain model objects; `serializeSdp` writes them.
 */
import { sdpCandidate } from './candidate.js';
import {
  emptyMediaSection,
  type Candidate,
  type Codec,
  type Direction,
  type Fingerprint,
  type HeaderExtension,
  type MediaKind,
  type MediaSection,
  type Msid,
  type Rid,
  type SdpCandidate,
  type SessionDescription,
  type Setup,
  type Simulcast,
  type Ssrc,
  type SsrcGroup,
} from './model.js';

/** RFC 8829 §5.2.1: the RTP profile for media sections. */
export const RTP_PROTOCOL = 'UDP/TLS/RTP/SAVPF';
/** RFC 8841 §4.1 / RFC 8829 §5.2.1: the data channel protocol and format. */
export const SCTP_PROTOCOL = 'UDP/DTLS/SCTP';
/** The single format of a data channel m= line. */
export const DATA_CHANNEL_FORMAT = 'webrtc-datachannel';
/** RFC 8829 §5.2.1: placeholder port when no candidate is in the m= line. */
export const DISCARD_PORT = 9;
/** RFC 8841 §5: default SCTP port. */
export const DEFAULT_SCTP_PORT = 5000;
/** Max message size browsers advertise (Chrome's value). */
export const DEFAULT_MAX_MESSAGE_SIZE = 262144;

/** Options for {@link createSessionDescription}. */
export interface SessionOptions {
  /** Decimal string < 2^63 (RFC 8829 §5.2.1: a random 62-bit value). */
  sessionId: string;
  /** Decimal string or number; incremented on every new local description (RFC 8829 §5.2.2). */
  sessionVersion: string | number;
  /** Default `-`. */
  username?: string;
  /** Mids of the BUNDLE group (RFC 8843); omitted when undefined. Rejected sections must not be listed. */
  bundleMids?: string[];
  /** Add `a=extmap-allow-mixed` (RFC 8285 §6). Default true, as browsers do. */
  extmapAllowMixed?: boolean;
  /** Legacy `a=msid-semantic: WMS <ids>`. Default `WMS` with no ids; `false` omits it. */
  msidSemanticStreams?: string[] | false;
  /** `a=ice-lite`. Default false. */
  iceLite?: boolean;
}

/**
 * The session part of a JSEP description (RFC 8829 §5.2.1): `v=0`,
 * `o=- <id> <version> IN IP4 127.0.0.1`, `s=-`, `t=0 0`, the BUNDLE group,
 * `a=extmap-allow-mixed` and `a=msid-semantic`. `media` starts empty.
 */
export function createSessionDescription(o: SessionOptions): SessionDescription {
  const sdp: SessionDescription = {
    version: 0,
    origin: {
      username: o.username ?? '-',
      sessionId: o.sessionId,
      sessionVersion: `${o.sessionVersion}`,
      netType: 'IN',
      addressType: 'IP4',
      address: '127.0.0.1',
    },
    sessionName: '-',
    bandwidths: [],
    timing: { start: 0, stop: 0 },
    otherLines: [],
    groups: o.bundleMids ? [{ semantics: 'BUNDLE', mids: [...o.bundleMids] }] : [],
    extmapAllowMixed: o.extmapAllowMixed ?? true,
    iceLite: o.iceLite ?? false,
    fingerprints: [],
    attributes: [],
    media: [],
  };
  if (o.msidSemanticStreams !== false) {
    sdp.msidSemantic = { semantic: 'WMS', identifiers: [...(o.msidSemanticStreams ?? [])] };
  }
  return sdp;
}

/** Transport attributes shared by every non-rejected section (RFC 8829 §5.2.1). */
export interface TransportOptions {
  mid: string;
  /** 4-256 ice-chars (RFC 8839 §5.4). */
  iceUfrag: string;
  /** 22-256 ice-chars. */
  icePwd: string;
  /** Default `['trickle']` (RFC 8840 §5.2: trickle offers/answers carry it). */
  iceOptions?: string[];
  /** At least one; sha-256 in practice (RFC 8122). */
  fingerprints: Fingerprint[];
  /** `actpass` in offers, `active` or `passive` in answers (RFC 8842 §5.2/5.3). */
  setup: Setup;
  /** Candidates gathered so far; plain fields or ready-made section candidates. */
  candidates?: (Candidate | SdpCandidate)[];
  /** `a=end-of-candidates` (RFC 8840 §8.2). */
  endOfCandidates?: boolean;
  /** m= port; default 9 (RFC 8829 §5.2.1). Use the default candidate's port when one exists. */
  port?: number;
  /** `c=` address; default `0.0.0.0`, IPv6 addresses give `IP6`. */
  connectionAddress?: string;
  /** `a=bundle-only` with port 0 (RFC 8843 §6, RFC 8829 §5.2.1 max-bundle). */
  bundleOnly?: boolean;
}

function applyTransport(s: MediaSection, o: TransportOptions): void {
  const address = o.connectionAddress ?? '0.0.0.0';
  s.connection = { netType: 'IN', addressType: address.includes(':') ? 'IP6' : 'IP4', address };
  s.candidates = (o.candidates ?? []).map((c) => ('attribute' in c ? { ...c, extensions: [...c.extensions] } : sdpCandidate(c)));
  s.endOfCandidates = o.endOfCandidates ?? false;
  s.iceUfrag = o.iceUfrag;
  s.icePwd = o.icePwd;
  s.iceOptions = [...(o.iceOptions ?? ['trickle'])];
  s.fingerprints = o.fingerprints.map((f) => ({ ...f }));
  s.setup = o.setup;
  s.mid = o.mid;
  if (o.bundleOnly) {
    s.bundleOnly = true;
    s.port = 0;
  }
}

/** Options for {@link createRtpMediaSection}. */
export interface RtpSectionOptions extends TransportOptions {
  kind: 'audio' | 'video' | (string & {});
  direction: Direction;
  /** In preference order; the m= format list follows it. */
  codecs: Codec[];
  headerExtensions: HeaderExtension[];
  /** `a=msid` lines (RFC 8830), one per stream; `[{streamId:'-', trackId}]` for a track without stream. */
  msids?: Msid[];
  /** Media-level `a=extmap-allow-mixed`. Default false (the session-level one covers it). */
  extmapAllowMixed?: boolean;
  /** Default true (RFC 8829 §5.2.1). */
  rtcpMux?: boolean;
  /** `a=rtcp-mux-only` (RFC 8858), for rtcpMuxPolicy "require" in offers. Default false. */
  rtcpMuxOnly?: boolean;
  /** Default true (RFC 8829 §5.2.1: RFC 5506 reduced-size RTCP). */
  rtcpRsize?: boolean;
  ssrcs?: Ssrc[];
  ssrcGroups?: SsrcGroup[];
  rids?: Rid[];
  simulcast?: Simulcast;
}

/**
 * An audio or video m= section (RFC 8829 §5.2.1 for offers, §5.3.1 for
 * answers): `m=<kind> 9 UDP/TLS/RTP/SAVPF <pts>`, `c=IN IP4 0.0.0.0`,
 * `a=rtcp:9 IN IP4 0.0.0.0`, transport attributes, extmaps, direction,
 * msid, rtcp-mux, rtcp-rsize, codecs, rid/simulcast and ssrc lines.
 *
 * @throws RangeError when `codecs` is empty (a caller bug: reject the section
 * with {@link createRejectedMediaSection} instead).
 */
export function createRtpMediaSection(o: RtpSectionOptions): MediaSection {
  if (o.codecs.length === 0) throw new RangeError('an RTP section needs at least one codec (reject it instead)');
  const s = emptyMediaSection(
    o.kind,
    o.port ?? DISCARD_PORT,
    RTP_PROTOCOL,
    o.codecs.map((c) => `${c.payloadType}`),
  );
  applyTransport(s, o);
  s.rtcp = { port: DISCARD_PORT, netType: 'IN', addressType: 'IP4', address: '0.0.0.0' };
  s.headerExtensions = o.headerExtensions.map((e) => ({ ...e }));
  s.extmapAllowMixed = o.extmapAllowMixed ?? false;
  s.direction = o.direction;
  s.msids = (o.msids ?? []).map((m) => ({ ...m }));
  s.rtcpMux = o.rtcpMux ?? true;
  s.rtcpMuxOnly = o.rtcpMuxOnly ?? false;
  s.rtcpRsize = o.rtcpRsize ?? true;
  s.codecs = o.codecs.map((c) => {
    const copy: Codec = {
      ...c,
      parameters: c.parameters.map((p) => ({ ...p })),
      rtcpFeedback: c.rtcpFeedback.map((f) => ({ ...f })),
    };
    return copy;
  });
  s.rids = (o.rids ?? []).map((r) => ({ ...r, params: r.params.map((p) => ({ ...p })) }));
  if (o.simulcast) s.simulcast = JSON.parse(JSON.stringify(o.simulcast)) as Simulcast;
  s.ssrcGroups = (o.ssrcGroups ?? []).map((g) => ({ semantics: g.semantics, ssrcs: [...g.ssrcs] }));
  s.ssrcs = (o.ssrcs ?? []).map((x) => ({ ssrc: x.ssrc, attributes: x.attributes.map((a) => ({ ...a })) }));
  return s;
}

/** Options for {@link createDataMediaSection}. */
export interface DataSectionOptions extends TransportOptions {
  /** Default 5000 (RFC 8841 §5). */
  sctpPort?: number;
  /** Default 262144 (RFC 8841 §6). */
  maxMessageSize?: number;
}

/**
 * The data channel m= section (RFC 8841 §4-6, RFC 8829 §5.2.1):
 * `m=application 9 UDP/DTLS/SCTP webrtc-datachannel`, transport attributes,
 * `a=sctp-port` and `a=max-message-size`.
 */
export function createDataMediaSection(o: DataSectionOptions): MediaSection {
  const s = emptyMediaSection('application', o.port ?? DISCARD_PORT, SCTP_PROTOCOL, [DATA_CHANNEL_FORMAT]);
  applyTransport(s, o);
  s.sctpPort = o.sctpPort ?? DEFAULT_SCTP_PORT;
  s.maxMessageSize = o.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
  return s;
}

/** What a rejected section keeps from the section it rejects. */
export interface RejectedSectionOptions {
  kind: MediaKind;
  protocol: string;
  /** The formats of the rejected section; only the first is kept. */
  formats: string[];
  mid?: string;
  /** The codec for the first format, if it is RTP (its rtpmap is kept). */
  codecs?: Codec[];
}

/**
 * A rejected or stopped m= section (RFC 8829 §5.2.2 and §5.3.1; RFC 3264
 * §6): port 0, the same protocol, one of the formats, `c=IN IP4 0.0.0.0`,
 * `a=mid` (when the section had one) and `a=inactive`. Pass the section being
 * rejected (a parsed `MediaSection` fits).
 */
export function createRejectedMediaSection(o: RejectedSectionOptions): MediaSection {
  const first = o.formats[0] ?? (o.protocol.includes('RTP') ? '0' : DATA_CHANNEL_FORMAT);
  const s = emptyMediaSection(o.kind, 0, o.protocol, [first]);
  s.connection = { netType: 'IN', addressType: 'IP4', address: '0.0.0.0' };
  if (o.mid !== undefined) s.mid = o.mid;
  s.direction = 'inactive';
  const codec = o.codecs?.find((c) => `${c.payloadType}` === first);
  if (codec) s.codecs = [{ ...codec, parameters: [], rtcpFeedback: [] }];
  return s;
}

/** Options for {@link createSenderSsrcs}. */
export interface SenderSsrcOptions {
  ssrc: number;
  /** RTX SSRC: adds `a=ssrc-group:FID <ssrc> <rtxSsrc>` (RFC 4588 §8.7, RFC 5576 §4.2). */
  rtxSsrc?: number;
  /** RTCP CNAME (RFC 7022), shared by a connection's senders. */
  cname: string;
  /** Stream ids of the sender's track ('-' when none). */
  streamIds: string[];
  trackId: string;
}

/**
 * The `a=ssrc` lines for a sender (RFC 5576 §4.1): `cname` and a legacy
 * `msid` per stream for each SSRC, plus the FID group when RTX is used.
 */
export function createSenderSsrcs(o: SenderSsrcOptions): { ssrcs: Ssrc[]; ssrcGroups: SsrcGroup[] } {
  const streams = o.streamIds.length > 0 ? o.streamIds : ['-'];
  const lines = (ssrc: number): Ssrc => ({
    ssrc,
    attributes: [
      { name: 'cname', value: o.cname },
      ...streams.map((id) => ({ name: 'msid', value: `${id} ${o.trackId}` })),
    ],
  });
  const ssrcs = [lines(o.ssrc)];
  const ssrcGroups: SsrcGroup[] = [];
  if (o.rtxSsrc !== undefined) {
    ssrcGroups.push({ semantics: 'FID', ssrcs: [o.ssrc, o.rtxSsrc] });
    ssrcs.push(lines(o.rtxSsrc));
  }
  return { ssrcs, ssrcGroups };
}

/**
 * `a=rid` lines and the `a=simulcast` attribute for a sender's encodings
 * (RFC 8853 §5.1, RFC 8829 §5.2.1): one `send` rid per encoding, listed in
 * order in `a=simulcast:send`, inactive encodings paused (`~`) if asked.
 */
export function createSimulcast(
  encodings: { rid: string; paused?: boolean }[],
  direction: 'send' | 'recv' = 'send',
): { rids: Rid[]; simulcast: Simulcast } {
  const rids: Rid[] = encodings.map((e) => ({ id: e.rid, direction, params: [] }));
  const streams = encodings.map((e) => [{ rid: e.rid, paused: e.paused ?? false }]);
  return { rids, simulcast: direction === 'send' ? { send: streams } : { recv: streams } };
}
