/**
 * JSEP planning (RFC 8829 §5.2 and §5.3): which m= sections an offer or an
 * answer contains, in which order, with which mids, directions and codecs.
 * Pure functions over a snapshot of the transceivers, independent of the W3C
 * objects and of transports. Sections are built with @purertc/sdp's JSEP
 * builders; the caller wraps them in createSessionDescription() and
 * serializes with serializeSdp().
 */
import {
  answerDirection,
  createDataMediaSection,
  createRejectedMediaSection,
  createRtpMediaSection,
  createSenderSsrcs,
  createSimulcast,
  directionReceives,
  directionSends,
  effectiveDirection,
  effectiveSetup,
  getBundleGroups,
  getCodecParameter,
  codecsMatch,
  intersectCodecs,
  intersectHeaderExtensions,
  isDataChannelSection,
  isRejectedSection,
  RTP_PROTOCOL,
  SCTP_PROTOCOL,
  DATA_CHANNEL_FORMAT,
  type Codec,
  type Direction,
  type Fingerprint,
  type MediaSection,
  type SessionDescription,
  type Setup,
} from '@purertc/sdp';
import { codecDictionaryMatch, fromRtcCodec, localCodecs, localHeaderExtensions, toRtcCodec, type MediaKind, type RtcRtpCodec } from './jsep-codecs.js';

/** What planning needs to know about one transceiver. */
export interface PlanTransceiver {
  kind: MediaKind;
  jsepMid: string | null;
  /** Index of the associated m= section in the base description, or null. */
  mLineIndex: number | null;
  /** Stopped, or stopping when generating an offer (webrtc-pc treats stopping as stopped there). */
  stopped: boolean;
  direction: Direction;
  preferredCodecs: RtcRtpCodec[];
  sending: { streamIds: string[]; trackId: string; ssrc: number; rtxSsrc: number; cname: string };
  sendRids: string[] | undefined;
}

/** This side's transport attributes, written into every section in use (RFC 8829 §5.2.1). */
export interface PlanTransport {
  /** The ICE credentials of the section with this mid (RFC 8839 §5.4: they are per m= section). */
  credentials: (mid: string) => { ufrag: string; pwd: string };
  fingerprints: Fingerprint[];
}

/** Result of {@link planOffer}. */
export interface OfferPlan {
  media: MediaSection[];
  /** The mid each transceiver (by position in the input) got, for [[JsepMid]]. */
  mids: (string | null)[];
  /** The data section's mid, or null. */
  dataMid: string | null;
}

/** Inputs of {@link planOffer}. */
export interface OfferInputs {
  /** The description whose m= sections the offer keeps (pending or current local), or null. */
  base: SessionDescription | null;
  /** Whether each base section is rejected in the current local or remote description (recyclable). */
  recyclable: (index: number) => boolean;
  transceivers: PlanTransceiver[];
  /** Whether a data section is wanted (a channel was created), and the negotiated data mid. */
  wantData: boolean;
  dataMid: string | null;
  /** Allocates a mid never used before in this session. */
  newMid: () => string;
  transport: PlanTransport;
}

function isRtx(c: Codec): boolean {
  return c.name.toLowerCase() === 'rtx';
}

function aptOf(c: Codec): number {
  return Number(getCodecParameter(c, 'apt'));
}

/**
 * The codecs a transceiver offers: the local list, reordered and filtered by
 * its codec preferences (webrtc-pc §4.4.1.5 createOffer "filteredCodecs"),
 * with RTX entries following the primaries they repair.
 */
export function offerCodecs(kind: MediaKind, preferred: readonly RtcRtpCodec[]): Codec[] {
  const local = localCodecs(kind);
  if (preferred.length === 0) return local;
  const out: Codec[] = [];
  const wantRtx = preferred.some((p) => p.mimeType.toLowerCase().endsWith('/rtx'));
  for (const p of preferred) {
    if (p.mimeType.toLowerCase().endsWith('/rtx')) continue;
    for (const l of local) {
      if (isRtx(l) || out.includes(l) || !codecDictionaryMatch(p, toRtcCodec(kind, l, kind === 'audio' ? 1 : undefined))) continue;
      out.push(l);
      if (wantRtx) {
        const rtx = local.find((r) => isRtx(r) && aptOf(r) === l.payloadType);
        if (rtx) out.push(rtx);
      }
    }
  }
  return out.length > 0 ? out : local;
}

/**
 * The answer's codecs (RFC 8829 §5.3.1): @purertc/sdp's intersectCodecs
 * (offered payload types we support, in the offerer's order, RTX kept with
 * its partner), then reordered and filtered by the transceiver's codec
 * preferences when set (webrtc-pc §4.4.1.5 createAnswer), RTX only when the
 * preferences include it.
 */
export function answerCodecs(kind: MediaKind, offered: readonly Codec[], preferred: readonly RtcRtpCodec[]): Codec[] {
  const common = intersectCodecs(localCodecs(kind), offered);
  if (preferred.length === 0) return common;
  const primaries: Codec[] = [];
  for (const p of preferred) {
    if (p.mimeType.toLowerCase().endsWith('/rtx')) continue;
    const want = fromRtcCodec(p);
    for (const c of common) if (!isRtx(c) && !primaries.includes(c) && codecsMatch(want, c)) primaries.push(c);
  }
  const wantRtx = preferred.some((p) => p.mimeType.toLowerCase().endsWith('/rtx'));
  const out: Codec[] = [];
  for (const c of primaries) {
    out.push(c);
    if (!wantRtx) continue;
    const rtx = common.find((r) => isRtx(r) && aptOf(r) === c.payloadType);
    if (rtx) out.push(rtx);
  }
  return out;
}

/** A section in use for an RTP transceiver (RFC 8829 §5.2.1 / §5.3.1). */
function rtpSection(
  t: PlanTransceiver,
  mid: string,
  direction: Direction,
  codecs: Codec[],
  headerExtensions: MediaSection['headerExtensions'],
  transport: PlanTransport,
  setup: Setup,
  opts: { rtcpRsize: boolean; sendRids?: string[] | undefined; recvRids?: string[] },
): MediaSection {
  const sending = directionSends(direction);
  const hasRtx = codecs.some(isRtx);
  const simulcastSend = sending && opts.sendRids !== undefined && opts.sendRids.length > 1 ? createSimulcast(opts.sendRids.map((rid) => ({ rid }))) : undefined;
  const simulcastRecv = !simulcastSend && opts.recvRids && opts.recvRids.length > 1 ? createSimulcast(opts.recvRids.map((rid) => ({ rid })), 'recv') : undefined;
  const simulcast = simulcastSend ?? simulcastRecv;
  // RFC 8829 §5.2.1: a=ssrc lines (with the RTX FID group) when sending without simulcast.
  const ssrcs =
    sending && !simulcast
      ? createSenderSsrcs({
          ssrc: t.sending.ssrc,
          ...(hasRtx ? { rtxSsrc: t.sending.rtxSsrc } : {}),
          cname: t.sending.cname,
          streamIds: t.sending.streamIds,
          trackId: t.sending.trackId,
        })
      : undefined;
  const streams = t.sending.streamIds.length > 0 ? t.sending.streamIds : ['-'];
  const ice = transport.credentials(mid);
  return createRtpMediaSection({
    kind: t.kind,
    mid,
    direction,
    codecs,
    headerExtensions,
    iceUfrag: ice.ufrag,
    icePwd: ice.pwd,
    fingerprints: transport.fingerprints,
    setup,
    rtcpRsize: opts.rtcpRsize,
    ...(sending ? { msids: streams.map((streamId) => ({ streamId, trackId: t.sending.trackId })) } : {}),
    ...(ssrcs ? { ssrcs: ssrcs.ssrcs, ssrcGroups: ssrcs.ssrcGroups } : {}),
    ...(simulcast ? { rids: simulcast.rids, simulcast: simulcast.simulcast } : {}),
  });
}

function offeredSection(t: PlanTransceiver, mid: string, transport: PlanTransport): MediaSection {
  return rtpSection(t, mid, t.direction, offerCodecs(t.kind, t.preferredCodecs), localHeaderExtensions(t.kind), transport, 'actpass', {
    rtcpRsize: true,
    sendRids: t.sendRids,
  });
}

function dataSection(mid: string, transport: PlanTransport, setup: Setup, sctpPort?: number): MediaSection {
  const ice = transport.credentials(mid);
  return createDataMediaSection({
    mid,
    iceUfrag: ice.ufrag,
    icePwd: ice.pwd,
    fingerprints: transport.fingerprints,
    setup,
    ...(sctpPort !== undefined ? { sctpPort } : {}),
  });
}

/** A rejected copy of `m` (RFC 8829 §5.2.2, §5.3.1: port 0, its protocol, one format). */
function rejectedCopy(m: MediaSection, mid: string): MediaSection {
  return createRejectedMediaSection({ kind: m.kind, protocol: m.protocol, formats: m.formats, mid, codecs: m.codecs });
}

function rejectedRtp(kind: MediaKind, mid: string): MediaSection {
  const first = localCodecs(kind)[0]!;
  return createRejectedMediaSection({ kind, protocol: RTP_PROTOCOL, formats: [`${first.payloadType}`], mid, codecs: [first] });
}

function rejectedData(mid: string): MediaSection {
  return createRejectedMediaSection({ kind: 'application', protocol: SCTP_PROTOCOL, formats: [DATA_CHANNEL_FORMAT], mid });
}

/**
 * RFC 8829 §5.2.1 (initial offer) and §5.2.2 (subsequent offers): keep every
 * m= section of the base description at its index (stopped transceivers get
 * port 0), put new transceivers into recyclable rejected sections or append
 * them, and add a data section when channels exist and none was negotiated.
 */
export function planOffer(inp: OfferInputs): OfferPlan {
  const media: MediaSection[] = [];
  const mids: (string | null)[] = inp.transceivers.map((t) => t.jsepMid);
  const free: number[] = [];
  let dataMid: string | null = null;
  const base = inp.base;
  if (base) {
    base.media.forEach((m, i) => {
      const mid = m.mid ?? String(i);
      if (isDataChannelSection(m)) {
        const rejected = isRejectedSection(m);
        if (rejected && inp.recyclable(i)) {
          free.push(i);
          media.push(rejectedData(mid));
          return;
        }
        dataMid = mid;
        media.push(rejected ? rejectedData(mid) : dataSection(mid, inp.transport, 'actpass'));
        return;
      }
      let ti = inp.transceivers.findIndex((t) => t.mLineIndex === i && t.jsepMid === mid);
      if (ti < 0) ti = inp.transceivers.findIndex((t) => t.mLineIndex === i);
      const t = inp.transceivers[ti];
      if (!t || t.stopped) {
        const rtp = m.kind === 'audio' || m.kind === 'video';
        if (rtp && (!t || isRejectedSection(m)) && inp.recyclable(i)) free.push(i);
        media.push(rtp ? rejectedRtp(m.kind as MediaKind, mid) : rejectedCopy(m, mid));
        return;
      }
      mids[ti] = mid;
      media.push(offeredSection(t, mid, inp.transport));
    });
  }
  // New transceivers in the canonical order (insertion order), recycling first.
  inp.transceivers.forEach((t, ti) => {
    if (t.stopped || (t.mLineIndex !== null && base && t.mLineIndex < base.media.length)) return;
    const mid = t.jsepMid !== null && !media.some((m) => m.mid === t.jsepMid) ? t.jsepMid : inp.newMid();
    mids[ti] = mid;
    const section = offeredSection(t, mid, inp.transport);
    const slot = free.shift();
    if (slot !== undefined) media[slot] = section;
    else media.push(section);
  });
  if (inp.wantData && dataMid === null) {
    const mid = inp.newMid();
    dataMid = mid;
    const section = dataSection(mid, inp.transport, 'actpass');
    const slot = free.shift();
    if (slot !== undefined) media[slot] = section;
    else media.push(section);
  }
  return { media, mids, dataMid };
}

/** Inputs of {@link planAnswer}. */
export interface AnswerInputs {
  offer: SessionDescription;
  /** The transceiver associated with m= section `index`, if any. */
  transceiverAt: (index: number) => PlanTransceiver | undefined;
  transport: PlanTransport;
  /** This side's DTLS role from the previous negotiation, if any (kept in subsequent answers). */
  establishedSetup?: 'active' | 'passive' | undefined;
}

/** Result of {@link planAnswer}. */
export interface AnswerPlan {
  media: MediaSection[];
  bundle: string[] | undefined;
}

/** The codecs an offered section lists on its m= line (an rtpmap for an unlisted payload type offers nothing). */
function offeredCodecs(m: MediaSection): Codec[] {
  return m.codecs.filter((c) => m.formats.includes(`${c.payloadType}`));
}

/**
 * RFC 8842 §5.3 (the first section in use decides): answer 'passive' to an
 * 'active' offerer and 'active' to a 'passive' one. To 'actpass', an initial
 * answer says 'active'; a subsequent answer keeps the role the existing DTLS
 * association has (RFC 8842 §5.5, RFC 8829 §5.3.1), or the remote peer would
 * have to swap client and server on a live association.
 */
function answerSetup(offer: SessionDescription, established: 'active' | 'passive' | undefined): 'active' | 'passive' {
  const m = offer.media.find((x) => !isRejectedSection(x));
  const offered = m ? effectiveSetup(offer, m) : undefined;
  if (offered === 'active') return 'passive';
  if (offered === 'passive') return 'active';
  return established ?? 'active';
}

/**
 * RFC 8829 §5.3.1: one m= section per offered section, same order, kinds and
 * mids; rejected when the offer rejected it, the transceiver is stopped, the
 * kind or protocol is not implemented, or no codec is in common.
 */
export function planAnswer(inp: AnswerInputs): AnswerPlan {
  const media: MediaSection[] = [];
  const setup = answerSetup(inp.offer, inp.establishedSetup);
  inp.offer.media.forEach((m, i) => {
    const mid = m.mid ?? String(i);
    const offeredRejected = isRejectedSection(m);
    if (isDataChannelSection(m)) {
      media.push(offeredRejected ? rejectedData(mid) : dataSection(mid, inp.transport, setup, m.sctpPort ?? 5000));
      return;
    }
    const t = m.kind === 'audio' || m.kind === 'video' ? inp.transceiverAt(i) : undefined;
    const codecs = t && !offeredRejected && !t.stopped && /RTP\/S?AVPF?/.test(m.protocol) ? answerCodecs(t.kind, offeredCodecs(m), t.preferredCodecs) : [];
    if (!t || codecs.length === 0) {
      media.push(rejectedCopy(m, mid));
      return;
    }
    const direction = answerDirection(effectiveDirection(inp.offer, m), t.direction);
    const recvRids = offeredSendRids(m);
    media.push(
      rtpSection(t, mid, direction, codecs, intersectHeaderExtensions(localHeaderExtensions(t.kind), m.headerExtensions), inp.transport, setup, {
        rtcpRsize: m.rtcpRsize,
        ...(directionReceives(direction) ? { recvRids } : {}),
      }),
    );
  });
  const offeredBundle = getBundleGroups(inp.offer)[0];
  let bundle: string[] | undefined;
  if (offeredBundle) {
    bundle = media.filter((s) => !isRejectedSection(s) && offeredBundle.mids.includes(s.mid!)).map((s) => s.mid!);
    if (bundle.length === 0) bundle = undefined;
  }
  return { media, bundle };
}

/** The RIDs an offer sends (a=simulcast:send, first alternative of each, declared by a=rid; RFC 8853 §5.1). */
function offeredSendRids(m: MediaSection): string[] {
  const out: string[] = [];
  for (const alternatives of m.simulcast?.send ?? []) {
    const rid = alternatives[0]?.rid;
    if (rid !== undefined && m.rids.some((r) => r.id === rid) && !out.includes(rid)) out.push(rid);
  }
  return out;
}
