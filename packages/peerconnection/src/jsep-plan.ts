/**
 * JSEP planning (RFC 8829 §5.2 and §5.3): which m= sections an offer or an
 * answer contains, in which order, with which mids, directions and codecs.
 * Pure functions over a snapshot of the transceivers, independent of the W3C
 * objects and of transports; jsep-builder.ts turns the result into text.
 */
import type { JsepMediaPlan } from './jsep-builder.js';
import { localCodecs, localHeaderExtensions, type MediaKind, type RtcRtpCodec } from './jsep-codecs.js';
import { codecsOfSection, extensionsOfSection, negotiateCodecs, negotiateExtensions, offerCodecs } from './jsep-negotiate-codecs.js';
import {
  attribute,
  attributes,
  bundleGroups,
  directionOf,
  isDataSection,
  isRejected,
  mediaDirection,
  mediaMid,
  receives,
  sends,
  type SdpDirection,
  type SdpView,
} from './jsep-sdp.js';

/** What planning needs to know about one transceiver. */
export interface PlanTransceiver {
  kind: MediaKind;
  jsepMid: string | null;
  /** Index of the associated m= section in the base description, or null. */
  mLineIndex: number | null;
  /** Stopped, or stopping when generating an offer (webrtc-pc treats stopping as stopped there). */
  stopped: boolean;
  direction: SdpDirection;
  preferredCodecs: RtcRtpCodec[];
  sending: { streamIds: string[]; trackId: string; ssrc: number; rtxSsrc: number; cname: string };
  sendRids: string[] | undefined;
}

/** Result of {@link planOffer}. */
export interface OfferPlan {
  media: JsepMediaPlan[];
  /** The mid each transceiver (by position in the input) got, for [[JsepMid]]. */
  mids: (string | null)[];
  /** The data section's mid, or null. */
  dataMid: string | null;
}

/** Inputs of {@link planOffer}. */
export interface OfferInputs {
  /** The description whose m= sections the offer keeps (pending or current local), or null. */
  base: SdpView | null;
  /** Whether each base section is rejected in the current local or remote description (recyclable). */
  recyclable: (index: number) => boolean;
  transceivers: PlanTransceiver[];
  /** Whether a data section is wanted (a channel was created), and the negotiated data mid. */
  wantData: boolean;
  dataMid: string | null;
  /** Allocates a mid never used before in this session. */
  newMid: () => string;
}

function mediaSection(t: PlanTransceiver, mid: string, rejected: boolean, codecs = offerCodecs(localCodecs(t.kind), t.preferredCodecs)): JsepMediaPlan {
  const m: JsepMediaPlan = {
    kind: t.kind,
    mid,
    rejected,
    direction: rejected ? 'inactive' : t.direction,
    codecs,
    headerExtensions: localHeaderExtensions(t.kind),
  };
  if (!rejected && sends(t.direction)) {
    m.sending = { ...t.sending };
    if (!codecs.some((c) => c.mimeType.toLowerCase().endsWith('/rtx'))) delete m.sending.rtxSsrc;
    if (t.sendRids && t.sendRids.length > 1) m.sendRids = t.sendRids;
  }
  return m;
}

/**
 * RFC 8829 §5.2.1 (initial offer) and §5.2.2 (subsequent offers): keep every
 * m= section of the base description at its index (stopped transceivers get
 * port 0), put new transceivers into recyclable rejected sections or append
 * them, and add a data section when channels exist and none was negotiated.
 */
export function planOffer(inp: OfferInputs): OfferPlan {
  const media: JsepMediaPlan[] = [];
  const mids: (string | null)[] = inp.transceivers.map((t) => t.jsepMid);
  const free: number[] = [];
  let dataMid: string | null = null;
  const base = inp.base;
  if (base) {
    for (const m of base.media) {
      const i = m.index;
      const mid = mediaMid(m) ?? String(i);
      if (isDataSection(m)) {
        const rejected = isRejected(m);
        if (rejected && inp.recyclable(i)) {
          free.push(i);
          media.push({ kind: 'application', mid, rejected: true, direction: 'inactive', codecs: [], headerExtensions: [] });
          continue;
        }
        dataMid = mid;
        media.push({ kind: 'application', mid, rejected, direction: 'sendrecv', codecs: [], headerExtensions: [] });
        continue;
      }
      let ti = inp.transceivers.findIndex((t) => t.mLineIndex === i && t.jsepMid === mid);
      if (ti < 0) ti = inp.transceivers.findIndex((t) => t.mLineIndex === i);
      const t = inp.transceivers[ti];
      if (!t || t.stopped) {
        if ((m.kind === 'audio' || m.kind === 'video') && (!t || isRejected(m)) && inp.recyclable(i)) free.push(i);
        if (m.kind === 'audio' || m.kind === 'video') {
          const kind = m.kind;
          media.push({ kind, mid, rejected: true, direction: 'inactive', codecs: localCodecs(kind).slice(0, 1), headerExtensions: [] });
        } else {
          media.push({ kind: m.kind, mid, rejected: true, direction: 'inactive', codecs: [], headerExtensions: [], echo: { protocol: m.protocol, formats: m.formats } });
        }
        continue;
      }
      mids[ti] = mid;
      media.push(mediaSection(t, mid, false));
    }
  }
  // New transceivers in the canonical order (insertion order), recycling first.
  inp.transceivers.forEach((t, ti) => {
    if (t.stopped || (t.mLineIndex !== null && base && t.mLineIndex < base.media.length)) return;
    const mid = t.jsepMid !== null && !media.some((m) => m.mid === t.jsepMid) ? t.jsepMid : inp.newMid();
    mids[ti] = mid;
    const section = mediaSection(t, mid, false);
    const slot = free.shift();
    if (slot !== undefined) media[slot] = section;
    else media.push(section);
  });
  if (inp.wantData && dataMid === null) {
    dataMid = inp.newMid();
    const section: JsepMediaPlan = { kind: 'application', mid: dataMid, rejected: false, direction: 'sendrecv', codecs: [], headerExtensions: [] };
    const slot = free.shift();
    if (slot !== undefined) media[slot] = section;
    else media.push(section);
  }
  return { media, mids, dataMid };
}

/** Inputs of {@link planAnswer}. */
export interface AnswerInputs {
  offer: SdpView;
  /** The transceiver associated with m= section `index`, if any. */
  transceiverAt: (index: number) => PlanTransceiver | undefined;
}

/** Result of {@link planAnswer}. */
export interface AnswerPlan {
  media: JsepMediaPlan[];
  bundle: string[] | undefined;
  setup: 'active' | 'passive';
}

/** The answer direction for a local wish and an offered direction (RFC 8829 §5.3.1). */
export function answerDirection(local: SdpDirection, offered: SdpDirection): SdpDirection {
  return directionOf(sends(local) && receives(offered), receives(local) && sends(offered));
}

/**
 * RFC 8829 §5.3.1: one m= section per offered section, same order, kinds and
 * mids; rejected when the offer rejected it, the transceiver is stopped, the
 * kind or protocol is not implemented, or no codec is in common.
 */
export function planAnswer(inp: AnswerInputs): AnswerPlan {
  const media: JsepMediaPlan[] = [];
  let setup: 'active' | 'passive' = 'active';
  let setupChosen = false;
  for (const m of inp.offer.media) {
    const mid = mediaMid(m) ?? String(m.index);
    const offeredRejected = isRejected(m);
    if (!offeredRejected && !setupChosen) {
      const offeredSetup = attribute(m.attributes, 'setup') ?? attribute(inp.offer.sessionAttributes, 'setup');
      // RFC 8842 §5.3: answer 'passive' to an 'active' offerer, else 'active'.
      if (offeredSetup === 'active') setup = 'passive';
      setupChosen = true;
    }
    if (isDataSection(m)) {
      const port = Number(attribute(m.attributes, 'sctp-port') ?? 5000);
      media.push({ kind: 'application', mid, rejected: offeredRejected, direction: 'sendrecv', codecs: [], headerExtensions: [], sctpPort: port });
      continue;
    }
    const t = m.kind === 'audio' || m.kind === 'video' ? inp.transceiverAt(m.index) : undefined;
    if (!t || offeredRejected || t.stopped || !/RTP\/S?AVPF?/.test(m.protocol)) {
      media.push({ kind: m.kind, mid, rejected: true, direction: 'inactive', codecs: [], headerExtensions: [], echo: { protocol: m.protocol, formats: m.formats } });
      continue;
    }
    const codecs = negotiateCodecs(localCodecs(t.kind), codecsOfSection(m), t.preferredCodecs);
    if (codecs.length === 0) {
      media.push({ kind: m.kind, mid, rejected: true, direction: 'inactive', codecs: [], headerExtensions: [], echo: { protocol: m.protocol, formats: m.formats } });
      continue;
    }
    const direction = answerDirection(t.direction, mediaDirection(inp.offer, m));
    const section: JsepMediaPlan = {
      kind: t.kind,
      mid,
      rejected: false,
      direction,
      codecs,
      headerExtensions: negotiateExtensions(localHeaderExtensions(t.kind), extensionsOfSection(m)),
      rtcpRsize: attribute(m.attributes, 'rtcp-rsize') !== undefined,
    };
    if (sends(direction)) {
      section.sending = { ...t.sending };
      if (!codecs.some((c) => c.mimeType.toLowerCase().endsWith('/rtx'))) delete section.sending.rtxSsrc;
    }
    const recvRids = offeredSendRids(m.attributes);
    if (recvRids.length > 1 && receives(direction)) section.recvRids = recvRids;
    media.push(section);
  }
  const offeredBundle = bundleGroups(inp.offer)[0];
  let bundle: string[] | undefined;
  if (offeredBundle) {
    bundle = media.filter((s) => !s.rejected && offeredBundle.includes(s.mid)).map((s) => s.mid);
    if (bundle.length === 0) bundle = undefined;
  }
  return { media, bundle, setup };
}

/** The RIDs an offer sends (a=simulcast:send, first alternative of each, RFC 8853 §5.1). */
function offeredSendRids(attrs: SdpView['sessionAttributes']): string[] {
  const sim = attribute(attrs, 'simulcast');
  if (!sim) return [];
  const parts = sim.trim().split(/\s+/);
  const i = parts.indexOf('send');
  if (i < 0 || !parts[i + 1]) return [];
  const declared = new Set(attributes(attrs, 'rid').map((r) => r.split(' ')[0]));
  const out: string[] = [];
  for (const alt of parts[i + 1]!.split(';')) {
    const rid = alt.split(',')[0]!.replace(/^~/, '');
    if (declared.has(rid) && !out.includes(rid)) out.push(rid);
  }
  return out;
}
