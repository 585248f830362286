/**
 * RTCPeerConnection (W3C webrtc-pc §4.4 and §5): the operations chain, the
 * signaling state machine, offer/answer creation and application (RFC 8829
 * JSEP), negotiation-needed, transceivers and data channels. The transports
 * (one bundled ICE + DTLS + SCTP stack and its run loop) live in the
 * {@link TransportBinding} created when the first description is applied
 * (transport-binding.ts), which also fires the transport-related events;
 * JSEP planning lives in jsep-*.ts, independent of this API wrapper.
 *
 * Every promise-returning method converts its arguments inside a try block
 * and rejects (never throws synchronously), as WebIDL requires of operations
 * returning promises.
 */
import type { RandomSource } from '@purertc/common';
import {
  createSessionDescription,
  directionReceives,
  directionSends,
  effectiveDirection,
  effectiveIceCredentials,
  effectiveSetup,
  intersectDirections,
  isDataChannelSection,
  isRejectedSection,
  msidStreamIds,
  parseCandidateAttribute,
  parseSdp,
  reverseDirection,
  serializeSdp,
  type Direction as SdpDirection,
  type MediaSection,
  type SessionDescription,
} from '@purertc/sdp';
import { configurationToDictionary, normalizeConfiguration, type NormalizedConfiguration, type RTCConfiguration } from './configuration.js';
import {
  defineEventHandlers,
  RTCErrorEvent,
  RTCTrackEvent,
  type EventHandler,
  type RTCDataChannelEvent,
  type RTCPeerConnectionIceErrorEvent,
  type RTCPeerConnectionIceEvent,
  type AddEventListenerOptionsArgument,
  type EventListenerArgument,
  type RemoveEventListenerOptionsArgument,
} from './events.js';
import { INTERNAL, queueTask, utf8Length, type RtpHost } from './internal.js';
import { capabilities, codecDictionaryMatch, toRtcCodec, type MediaKind } from './jsep-codecs.js';
import { planAnswer, planOffer, type PlanTransceiver, type PlanTransport } from './jsep-plan.js';
import { validateDescription } from './jsep-validate.js';
import { OperationsChain } from './operations-chain.js';
import { localCertificateFingerprints, type CertificateFingerprint } from './pc-certificate.js';
import { addRemoteTrackToStream, createRemoteStream, createRemoteTrack, endReceiverTrack, muteReceiverTrack, removeRemoteTrackFromStream } from './remote-media.js';
import { dataChannelSlots, RTCDataChannel, type RTCDataChannelInit } from './RTCDataChannel.js';
import { addSectionAttribute, boundChannel, registerRtpTransport, sectionUfrag } from './pc-transport.js';
import { certificateMaterial, RTCCertificate, type RTCCertificateKeygenAlgorithm } from './RTCCertificate.js';
import { RTCStatsReport } from './RTCStatsReport.js';
import type { RTCPeerConnectionStats } from './stats-types.js';
import type { RTCSctpTransport } from './RTCSctpTransport.js';
import { TransportBinding, type TransportBindingOptions } from './transport-binding.js';
import { RTCError } from './RTCError.js';
import { parseIceCandidateFields, toIceCandidateInit, type RTCIceCandidate, type RTCIceCandidateInit } from './RTCIceCandidate.js';
import { RTCRtpReceiver, receiverSlots } from './RTCRtpReceiver.js';
import { RTCRtpSender, senderSlots, type RtcRtpEncodingParameters, type StreamLike, type TrackLike } from './RTCRtpSender.js';
import { RTCRtpTransceiver, stopTransceiver, transceiverSlots, type RTCRtpTransceiverInit, type TransceiverSlots } from './RTCRtpTransceiver.js';
import {
  RTCSessionDescription,
  toLocalSessionDescriptionInit,
  toSessionDescriptionInit,
  type RTCLocalSessionDescriptionInit,
  type RTCSdpType,
  type RTCSessionDescriptionInit,
} from './RTCSessionDescription.js';
import type { MediaStream } from './MediaStream.js';
import type { MediaStreamTrack } from './MediaStreamTrack.js';
import type { RTCIceConnectionState, RTCIceGatheringState, RTCPeerConnectionState } from './transport/states.js';
import { generateCertificate } from './RTCCertificate.js';
import {
  domException,
  exposeInterface,
  isObject,
  requireArguments,
  toBoolean,
  toDOMString,
  toEnum,
  toSequence,
  toUnsignedShort,
  toUSVString,
} from './webidl.js';

/** RTCSignalingState (webrtc-pc §4.3.1). */
export type RTCSignalingState = 'stable' | 'have-local-offer' | 'have-remote-offer' | 'have-local-pranswer' | 'have-remote-pranswer' | 'closed';

/** RTCOfferOptions, with the legacy members of webrtc-pc §4.4.3.3. */
export interface RTCOfferOptions {
  iceRestart?: boolean;
  offerToReceiveAudio?: boolean;
  offerToReceiveVideo?: boolean;
}

/** RTCAnswerOptions (webrtc-pc §4.4.3.2): RTCOfferAnswerOptions, which has no members today. */
export interface RTCAnswerOptions {}

/** The legacy success callback of createOffer/createAnswer (webrtc-pc §4.4.3.1). */
export type RTCSessionDescriptionCallback = (description: RTCSessionDescriptionInit) => void;
/** The legacy failure callback of the callback-based methods (webrtc-pc §4.4.3.1). */
export type RTCPeerConnectionErrorCallback = (error: DOMException) => void;

/** The events an RTCPeerConnection fires, by type (for addEventListener, as lib.dom's RTCPeerConnectionEventMap). */
export interface RTCPeerConnectionEventMap {
  connectionstatechange: Event;
  datachannel: RTCDataChannelEvent;
  icecandidate: RTCPeerConnectionIceEvent;
  icecandidateerror: RTCPeerConnectionIceErrorEvent;
  iceconnectionstatechange: Event;
  icegatheringstatechange: Event;
  negotiationneeded: Event;
  signalingstatechange: Event;
  track: RTCTrackEvent;
}

/** Non-standard construction options: injected randomness for deterministic tests. */
export interface PeerConnectionOptions {
  /** Random source for ICE credentials, session ids and SSRCs (default: crypto.getRandomValues). */
  random?: RandomSource;
  /**
   * Which host addresses the connection gathers on (non-standard). Tests and
   * same-machine demos use `{ includeLoopback: true, addresses: ['127.0.0.1'] }`;
   * by default every non-loopback interface address is used.
   */
  network?: { includeLoopback?: boolean; ipv6?: boolean; addresses?: readonly string[] };
  /** Transport tuning (core timers, driver factory); non-standard, for tests and benchmarks. */
  transport?: Partial<Pick<TransportBindingOptions, 'driver' | 'createDriver' | 'components' | 'localMaxMessageSize'>>;
}

type Description = { type: RTCSdpType; sdp: string };
type Direction = TransceiverSlots['direction'];

const ICE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIRECTIONS = ['sendrecv', 'sendonly', 'recvonly', 'inactive', 'stopped'] as const;

/** Snapshot of a transceiver taken when leaving 'stable', for rollback. */
interface StableSnapshot {
  mLineIndex: number | null;
  mid: string | null;
  jsepMid: string | null;
}

/** Type-level only (merged into the class): addEventListener/removeEventListener typed by {@link RTCPeerConnectionEventMap}, as in lib.dom. */
export interface RTCPeerConnection {
  addEventListener<K extends keyof RTCPeerConnectionEventMap>(type: K, listener: (this: RTCPeerConnection, ev: RTCPeerConnectionEventMap[K]) => any, options?: AddEventListenerOptionsArgument): void;
  addEventListener(type: string, listener: EventListenerArgument, options?: AddEventListenerOptionsArgument): void;
  removeEventListener<K extends keyof RTCPeerConnectionEventMap>(type: K, listener: (this: RTCPeerConnection, ev: RTCPeerConnectionEventMap[K]) => any, options?: RemoveEventListenerOptionsArgument): void;
  removeEventListener(type: string, listener: EventListenerArgument, options?: RemoveEventListenerOptionsArgument): void;
}

/**
 * An RTCPeerConnection (webrtc-pc §4.4). The declared signatures are the
 * IDL's (as lib.dom types them); the implementations keep taking `unknown`
 * and convert their arguments as WebIDL does, since JavaScript callers may
 * pass anything.
 */
export class RTCPeerConnection extends EventTarget {
  // The on<event> attributes (webrtc-pc §4.4.1 IDL), installed on the prototype by defineEventHandlers.
  declare onnegotiationneeded: EventHandler<Event, RTCPeerConnection>;
  declare onicecandidate: EventHandler<RTCPeerConnectionIceEvent, RTCPeerConnection>;
  declare onicecandidateerror: EventHandler<RTCPeerConnectionIceErrorEvent, RTCPeerConnection>;
  declare onsignalingstatechange: EventHandler<Event, RTCPeerConnection>;
  declare oniceconnectionstatechange: EventHandler<Event, RTCPeerConnection>;
  declare onicegatheringstatechange: EventHandler<Event, RTCPeerConnection>;
  declare onconnectionstatechange: EventHandler<Event, RTCPeerConnection>;
  declare ontrack: EventHandler<RTCTrackEvent, RTCPeerConnection>;
  declare ondatachannel: EventHandler<RTCDataChannelEvent, RTCPeerConnection>;

  #config: NormalizedConfiguration;
  readonly #random: RandomSource;
  readonly #ops: OperationsChain;
  #closed = false;
  #signalingState: RTCSignalingState = 'stable';
  #iceConnectionState: string = 'new';
  #iceGatheringState: string = 'new';
  #connectionState: string = 'new';
  #negotiationNeeded = false;
  #updateNegotiationNeededOnEmptyChain = false;
  #lastCreatedOffer = '';
  #lastCreatedAnswer = '';
  #pendingLocal: RTCSessionDescription | null = null;
  #currentLocal: RTCSessionDescription | null = null;
  #pendingRemote: RTCSessionDescription | null = null;
  #currentRemote: RTCSessionDescription | null = null;
  #localIceCredentialsToReplace = new Set<string>();
  #transceivers: RTCRtpTransceiver[] = [];
  #dataChannels: RTCDataChannel[] = [];
  /** This side's DTLS role once an answer negotiated it (RFC 8842 §5): picks even or odd stream ids. */
  #dtlsRole: 'client' | 'server' | null = null;
  #dataChannelCreated = false;
  #dataMid: string | null = null;
  #dataMLineIndex: number | null = null;
  #stableData: { mid: string | null; index: number | null } = { mid: null, index: null };
  #stable = new Map<RTCRtpTransceiver, StableSnapshot>();
  #usedMids = new Set<string>();
  #remoteStreams = new Map<string, StreamLike>();
  /** Id of the default remote stream for tracks signalled without a=msid (created on first use). */
  #defaultRemoteStreamId: string | null = null;
  #ice: { ufrag: string; pwd: string };
  readonly #sessionId: string;
  #sessionVersion = 1n;
  #localDescriptionSet = false;
  readonly #cname: string;
  readonly #fingerprints: Promise<CertificateFingerprint[]>;
  /** The certificate DTLS uses: the configuration's first, or one generated at construction. */
  readonly #certificate: Promise<RTCCertificate>;
  /** The transports (ICE, DTLS, SCTP) and their run loop, created when the first description is applied. */
  #binding: TransportBinding | null = null;
  readonly #options: PeerConnectionOptions;
  #certificateError: unknown = null;
  readonly #host: RtpHost;

  /**
   * `new RTCPeerConnection(configuration)` (webrtc-pc §4.4.1.1). Without
   * certificates in the configuration, an ECDSA P-256 certificate is
   * generated asynchronously; createOffer/createAnswer wait for it.
   */
  constructor(configuration?: RTCConfiguration | null, options?: PeerConnectionOptions);
  constructor(configuration: unknown = undefined, options: PeerConnectionOptions = {}) {
    super();
    // Steps 2-4: the configuration's WebIDL conversion and checks.
    this.#config = normalizeConfiguration(configuration === null ? undefined : configuration, { now: Date.now() });
    this.#random = options?.random ?? ((dst: Uint8Array) => void globalThis.crypto.getRandomValues(dst as Uint8Array<ArrayBuffer>));
    this.#ops = new OperationsChain({
      isClosed: () => this.#closed,
      closedError: () => domException('InvalidStateError', 'The RTCPeerConnection is closed'),
      onEmpty: () => {
        // Chain steps 7.4.4-7.4.6.
        if (!this.#updateNegotiationNeededOnEmptyChain) return;
        this.#updateNegotiationNeededOnEmptyChain = false;
        this.#updateNegotiationNeeded();
      },
    });
    this.#ice = this.#newIceCredentials();
    // RFC 8829 §5.2.1: a 64-bit session id with the top bit zero, as a decimal string.
    const b = new Uint8Array(8);
    this.#random(b);
    b[0]! &= 0x7f;
    this.#sessionId = BigInt('0x' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')).toString();
    this.#cname = this.#randomString(16, ICE_CHARS.slice(0, 62));
    const certs = this.#config.certificates as unknown[];
    this.#options = options ?? {};
    this.#certificate =
      certs.length > 0 ? Promise.resolve(certs[0] as RTCCertificate) : (generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' }) as Promise<RTCCertificate>);
    this.#certificate.catch(() => undefined);
    this.#fingerprints = this.#certificate.then((c: unknown) => localCertificateFingerprints(c));
    this.#fingerprints.catch((e: unknown) => {
      this.#certificateError = e;
    });
    this.#host = {
      isClosed: () => this.#closed,
      chain: (op) => this.#ops.chain(op),
      updateNegotiationNeeded: () => this.#updateNegotiationNeeded(),
      cname: this.#cname,
    };
  }

  /** Generates a certificate (webrtc-pc §4.10.1); see RTCCertificate.ts. */
  static generateCertificate(keygenAlgorithm: RTCCertificateKeygenAlgorithm): Promise<RTCCertificate>;
  static generateCertificate(keygenAlgorithm: unknown): Promise<RTCCertificate> {
    return (generateCertificate as (a: unknown) => Promise<RTCCertificate>)(keygenAlgorithm);
  }

  // ---------------------------------------------------------------- attributes

  /** The pending local description if any, else the current one. */
  get localDescription(): RTCSessionDescription | null {
    return this.#pendingLocal ?? this.#currentLocal;
  }
  /** The local description of the last completed offer/answer exchange. */
  get currentLocalDescription(): RTCSessionDescription | null {
    return this.#currentLocal;
  }
  /** The local description of an offer/answer exchange in progress. */
  get pendingLocalDescription(): RTCSessionDescription | null {
    return this.#pendingLocal;
  }
  /** The pending remote description if any, else the current one. */
  get remoteDescription(): RTCSessionDescription | null {
    return this.#pendingRemote ?? this.#currentRemote;
  }
  /** The remote description of the last completed offer/answer exchange. */
  get currentRemoteDescription(): RTCSessionDescription | null {
    return this.#currentRemote;
  }
  /** The remote description of an offer/answer exchange in progress. */
  get pendingRemoteDescription(): RTCSessionDescription | null {
    return this.#pendingRemote;
  }
  /** The signaling state (webrtc-pc §4.3.1). */
  get signalingState(): RTCSignalingState {
    return this.#signalingState;
  }
  /** 'new' until ICE transports exist, 'closed' after close(). */
  get iceGatheringState(): RTCIceGatheringState {
    return this.#binding?.iceGatheringState ?? (this.#iceGatheringState as RTCIceGatheringState);
  }
  /** 'new' until ICE transports exist, 'closed' after close(). */
  get iceConnectionState(): RTCIceConnectionState {
    if (this.#closed) return 'closed';
    return this.#binding?.iceConnectionState ?? (this.#iceConnectionState as RTCIceConnectionState);
  }
  /** 'new' until transports exist, 'closed' after close(). */
  get connectionState(): RTCPeerConnectionState {
    if (this.#closed) return 'closed';
    return this.#binding?.connectionState ?? (this.#connectionState as RTCPeerConnectionState);
  }
  /**
   * Whether the remote peer can accept trickled candidates: null until a
   * remote description is set, then whether it carries a=ice-options:trickle.
   */
  get canTrickleIceCandidates(): boolean | null {
    const remote = this.remoteDescription;
    if (!remote) return null;
    const sdp = parsed(remote.sdp);
    return [sdp.iceOptions ?? [], ...sdp.media.map((m) => m.iceOptions ?? [])].some((o) => o.includes('trickle'));
  }
  /** [[SctpTransport]]: the RTCSctpTransport once an answer negotiated data channels, else null. */
  get sctp(): RTCSctpTransport | null {
    return this.#binding?.sctpTransport ?? null;
  }

  // ------------------------------------------------------ offer / answer

  /**
   * createOffer(options) (webrtc-pc §4.4.1.5), or the legacy
   * createOffer(successCallback, failureCallback, options) (§4.4.3.1).
   */
  createOffer(options?: RTCOfferOptions): Promise<RTCSessionDescriptionInit>;
  /** @deprecated The legacy callback form (webrtc-pc §4.4.3.1); use the promise form. */
  createOffer(successCallback: RTCSessionDescriptionCallback, failureCallback: RTCPeerConnectionErrorCallback, options?: RTCOfferOptions): Promise<void>;
  createOffer(...args: unknown[]): Promise<RTCSessionDescriptionInit | void> {
    if (typeof args[0] === 'function' || typeof args[1] === 'function') {
      return this.#legacy(args[0], args[1], () => this.createOffer(args[2] as RTCOfferOptions));
    }
    try {
      const options = toOfferOptions(args[0]);
      if (this.#closed) return Promise.reject(domException('InvalidStateError', 'The RTCPeerConnection is closed'));
      // §4.4.3.3: the legacy offerToReceive<Kind> members act at call time.
      this.#applyLegacyOfferOptions(options);
      return this.#ops.chain(() => this.#createOfferOp(options));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** createAnswer(options) (webrtc-pc §4.4.1.5) or the legacy callback form. */
  createAnswer(options?: RTCAnswerOptions): Promise<RTCSessionDescriptionInit>;
  /** @deprecated The legacy callback form (webrtc-pc §4.4.3.1); use the promise form. */
  createAnswer(successCallback: RTCSessionDescriptionCallback, failureCallback: RTCPeerConnectionErrorCallback): Promise<void>;
  createAnswer(...args: unknown[]): Promise<RTCSessionDescriptionInit | void> {
    if (typeof args[0] === 'function' || typeof args[1] === 'function') {
      return this.#legacy(args[0], args[1], () => this.createAnswer());
    }
    try {
      if (args[0] !== undefined && args[0] !== null && !isObject(args[0])) throw new TypeError("Failed to execute 'createAnswer': parameter 1 is not an object");
      if (this.#closed) return Promise.reject(domException('InvalidStateError', 'The RTCPeerConnection is closed'));
      return this.#ops.chain(() => this.#createAnswerOp());
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** setLocalDescription(description?) (webrtc-pc §4.4.1.5), or the legacy callback form. */
  setLocalDescription(description?: RTCLocalSessionDescriptionInit): Promise<void>;
  /** @deprecated The legacy callback form (webrtc-pc §4.4.3.1); use the promise form. */
  setLocalDescription(description: RTCLocalSessionDescriptionInit, successCallback: () => void, failureCallback: RTCPeerConnectionErrorCallback): Promise<void>;
  setLocalDescription(...args: unknown[]): Promise<undefined> {
    if (args.length >= 2) return this.#legacy(args[1], args[2], () => this.setLocalDescription(args[0] as RTCLocalSessionDescriptionInit)) as Promise<undefined>;
    try {
      const description = toLocalSessionDescriptionInit(args[0], "Failed to execute 'setLocalDescription' on 'RTCPeerConnection'");
      return this.#ops.chain(() => this.#setLocalDescriptionOp(description));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** setRemoteDescription(description) (webrtc-pc §4.4.1.5), or the legacy callback form. */
  setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void>;
  /** @deprecated The legacy callback form (webrtc-pc §4.4.3.1); use the promise form. */
  setRemoteDescription(description: RTCSessionDescriptionInit, successCallback: () => void, failureCallback: RTCPeerConnectionErrorCallback): Promise<void>;
  setRemoteDescription(init: unknown, ...callbacks: unknown[]): Promise<undefined> {
    // WebIDL §3.7.7: `length` is 1 (one required argument).
    if (callbacks.length >= 1) return this.#legacy(callbacks[0], callbacks[1], () => this.setRemoteDescription(init as RTCSessionDescriptionInit)) as Promise<undefined>;
    try {
      requireArguments(arguments.length, 1, "Failed to execute 'setRemoteDescription' on 'RTCPeerConnection'");
      const description = toSessionDescriptionInit(init, "Failed to execute 'setRemoteDescription' on 'RTCPeerConnection'");
      return this.#ops.chain(() => this.#setRemoteDescriptionOp(description));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** addIceCandidate(candidate?) (webrtc-pc §4.4.1.5), or the legacy callback form. */
  addIceCandidate(candidate?: RTCIceCandidateInit | RTCIceCandidate | null): Promise<void>;
  /** @deprecated The legacy callback form (webrtc-pc §4.4.3.1); use the promise form. */
  addIceCandidate(candidate: RTCIceCandidateInit | RTCIceCandidate | null, successCallback: () => void, failureCallback: RTCPeerConnectionErrorCallback): Promise<void>;
  addIceCandidate(...args: unknown[]): Promise<undefined> {
    if (args.length >= 2) return this.#legacy(args[1], args[2], () => this.addIceCandidate(args[0] as RTCIceCandidateInit | null)) as Promise<undefined>;
    try {
      const candidate = toIceCandidateInit(args[0], "Failed to execute 'addIceCandidate' on 'RTCPeerConnection'");
      // Step 3: a candidate needs a mid or an m-line index.
      if (candidate.candidate !== '' && candidate.sdpMid === null && candidate.sdpMLineIndex === null) {
        return Promise.reject(new TypeError('Candidate missing values for both sdpMid and sdpMLineIndex'));
      }
      return this.#ops.chain(() => this.#addIceCandidateOp(candidate));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** restartIce() (webrtc-pc §4.4.1.5). */
  restartIce(): undefined {
    this.#localIceCredentialsToReplace = new Set();
    for (const d of [this.#currentLocal, this.#pendingLocal]) {
      if (!d) continue;
      for (const c of credentialsOf(d.sdp)) this.#localIceCredentialsToReplace.add(c);
    }
    this.#updateNegotiationNeeded();
    return undefined;
  }

  /** getConfiguration() (webrtc-pc §4.4.1.5): a fresh RTCConfiguration. */
  getConfiguration(): ReturnType<typeof configurationToDictionary> {
    return configurationToDictionary(this.#config);
  }

  /** setConfiguration(configuration) (webrtc-pc §4.4.1.5). */
  setConfiguration(configuration?: RTCConfiguration): undefined;
  setConfiguration(configuration: unknown = undefined): undefined {
    this.#config = normalizeConfiguration(configuration, {
      current: this.#config,
      closed: this.#closed,
      hasLocalDescription: this.#localDescriptionSet,
      now: Date.now(),
    });
    return undefined;
  }

  /** close() (webrtc-pc §4.4.1.5 "close the connection"): no event fires. */
  close(): undefined {
    if (this.#closed) return undefined;
    this.#closed = true;
    this.#signalingState = 'closed';
    for (const t of this.#transceivers) {
      if (transceiverSlots(t).stopped) continue;
      stopTransceiver(t, false);
    }
    for (const ch of this.#dataChannels) dataChannelSlots(ch).readyState = 'closed';
    this.#dataChannels = [];
    this.#iceConnectionState = 'closed';
    this.#connectionState = 'closed';
    // SCTP ABORT and DTLS close_notify go out, then every socket and timer is released.
    void this.#binding?.close();
    return undefined;
  }

  /**
   * getStats(selector) (webrtc-pc §8.2): the connection's RTCStatsReport
   * (peer-connection, transport, candidate pairs and candidates,
   * certificates, data channels). A MediaStreamTrack selector selects no
   * RTP stats yet (there are none), so its report is empty.
   */
  getStats(selector?: MediaStreamTrack | null): Promise<RTCStatsReport>;
  getStats(selector: unknown = null): Promise<RTCStatsReport> {
    if (selector !== undefined && selector !== null && !(selector instanceof Object)) {
      return Promise.reject(new TypeError("Failed to execute 'getStats': parameter 1 is not a MediaStreamTrack"));
    }
    if (selector !== undefined && selector !== null) {
      // The selector is the one sender or receiver whose track it is (InvalidAccessError otherwise).
      const matches = [...this.getSenders().filter((x) => x.track === selector), ...this.getReceivers().filter((x) => x.track === selector)];
      if (matches.length !== 1) return Promise.reject(domException('InvalidAccessError', 'The track matches no single sender or receiver'));
    }
    return new Promise((resolve) =>
      queueTask(() => {
        // No RTP stream stats exist yet (media is not sent), so a selector selects nothing.
        if (selector !== undefined && selector !== null) return resolve(new RTCStatsReport(INTERNAL, []));
        if (this.#binding) return resolve(this.#binding.getStats());
        const now = performance.timeOrigin + performance.now();
        const opened = this.#dataChannels.filter((c) => c.readyState !== 'connecting').length;
        const pc: RTCPeerConnectionStats = { id: 'P', type: 'peer-connection', timestamp: now, dataChannelsOpened: opened, dataChannelsClosed: 0 };
        resolve(new RTCStatsReport(INTERNAL, [pc]));
      }),
    );
  }

  // ------------------------------------------------------ RTP media API (§5.1)

  /** getSenders(): senders of non-stopped transceivers ("CollectSenders"). */
  getSenders(): RTCRtpSender[] {
    return this.#transceivers.filter((t) => !transceiverSlots(t).stopped).map((t) => t.sender);
  }

  /** getReceivers(): receivers of non-stopped transceivers. */
  getReceivers(): RTCRtpReceiver[] {
    return this.#transceivers.filter((t) => !transceiverSlots(t).stopped).map((t) => t.receiver);
  }

  /** getTransceivers(): the set of transceivers in insertion order ("CollectTransceivers"). */
  getTransceivers(): RTCRtpTransceiver[] {
    return this.#transceivers.slice();
  }

  /** addTrack(track, ...streams) (webrtc-pc §5.1). */
  addTrack(track: MediaStreamTrack, ...streams: MediaStream[]): RTCRtpSender;
  addTrack(track: TrackLike, ...streams: StreamLike[]): RTCRtpSender {
    requireArguments(arguments.length, 1, "Failed to execute 'addTrack' on 'RTCPeerConnection'");
    checkTrack(track, "Failed to execute 'addTrack' on 'RTCPeerConnection': parameter 1");
    for (const s of streams) checkStream(s, "Failed to execute 'addTrack' on 'RTCPeerConnection': parameter 2");
    const kind = track.kind as MediaKind;
    if (this.#closed) throw domException('InvalidStateError', 'The RTCPeerConnection is closed');
    const senders = this.getSenders();
    if (senders.some((s) => senderSlots(s).track === track)) throw domException('InvalidAccessError', 'A sender already exists for the track');
    const reusable = senders.find((s) => {
      const t = this.#transceiverOfSender(s)!;
      const ts = transceiverSlots(t);
      return senderSlots(s).track === null && ts.kind === kind && !ts.stopping && !ts.everSent;
    });
    const streamIds = uniqueIds(streams);
    if (reusable) {
      const ss = senderSlots(reusable);
      ss.track = track;
      ss.associatedStreamIds = streamIds;
      const ts = transceiverSlots(this.#transceiverOfSender(reusable)!);
      ts.addTrackUsed = true;
      if (ts.direction === 'recvonly') ts.direction = 'sendrecv';
      if (ts.direction === 'inactive') ts.direction = 'sendonly';
      this.#updateNegotiationNeeded();
      return reusable;
    }
    const t = this.#createTransceiver(kind, track, streamIds, [], 'sendrecv');
    transceiverSlots(t).addTrackUsed = true;
    transceiverSlots(t).createdByAddTrack = true;
    this.#transceivers.push(t);
    this.#updateNegotiationNeeded();
    return t.sender;
  }

  /** removeTrack(sender) (webrtc-pc §5.1). */
  removeTrack(sender: RTCRtpSender): undefined {
    requireArguments(arguments.length, 1, "Failed to execute 'removeTrack' on 'RTCPeerConnection'");
    if (!(sender instanceof RTCRtpSender)) throw new TypeError("Failed to execute 'removeTrack' on 'RTCPeerConnection': parameter 1 is not of type 'RTCRtpSender'");
    if (this.#closed) throw domException('InvalidStateError', 'The RTCPeerConnection is closed');
    const t = this.#transceiverOfSender(sender);
    if (!t) throw domException('InvalidAccessError', 'The sender was not created by this connection');
    const ts = transceiverSlots(t);
    if (ts.stopping) return undefined;
    if (!this.getSenders().includes(sender)) return undefined;
    const ss = senderSlots(sender);
    if (ss.track === null) return undefined;
    ss.track = null;
    if (ts.direction === 'sendrecv') ts.direction = 'recvonly';
    else if (ts.direction === 'sendonly') ts.direction = 'inactive';
    this.#updateNegotiationNeeded();
    return undefined;
  }

  /** addTransceiver(trackOrKind, init) (webrtc-pc §5.1). */
  addTransceiver(trackOrKind: MediaStreamTrack | string, init?: RTCRtpTransceiverInit): RTCRtpTransceiver;
  addTransceiver(trackOrKind: TrackLike | string, init: unknown = undefined): RTCRtpTransceiver {
    requireArguments(arguments.length, 1, "Failed to execute 'addTransceiver' on 'RTCPeerConnection'");
    const t = this.#addTransceiver(trackOrKind, init);
    this.#updateNegotiationNeeded();
    return t;
  }

  // ------------------------------------------------------ data channels (§6.1)

  /** createDataChannel(label, init) (webrtc-pc §6.1). */
  createDataChannel(label: string, init?: RTCDataChannelInit): RTCDataChannel;
  createDataChannel(label: string, init: unknown = undefined): RTCDataChannel {
    requireArguments(arguments.length, 1, "Failed to execute 'createDataChannel' on 'RTCPeerConnection'");
    const l = toUSVString(label, 'label');
    const options = toDataChannelInit(init);
    if (this.#closed) throw domException('InvalidStateError', 'The RTCPeerConnection is closed');
    if (utf8Length(l) > 65535) throw new TypeError('The label is longer than 65535 bytes');
    if (utf8Length(options.protocol) > 65535) throw new TypeError('The protocol is longer than 65535 bytes');
    const id = options.negotiated && options.id !== undefined ? options.id : null;
    if (options.negotiated && id === null) throw new TypeError('A negotiated channel needs an id');
    const maxPacketLifeTime = options.maxPacketLifeTime ?? null;
    const maxRetransmits = options.maxRetransmits ?? null;
    if (maxPacketLifeTime !== null && maxRetransmits !== null) throw new TypeError('maxPacketLifeTime and maxRetransmits cannot both be set');
    if (id === 65535) throw new TypeError('The id 65535 is out of range');
    if (id !== null && this.#dataChannels.some((c) => dataChannelSlots(c).id === id)) {
      throw domException('OperationError', `The id ${id} is already in use`);
    }
    let assigned = id;
    if (assigned === null && this.#dtlsRole !== null) {
      assigned = this.#allocateStreamId();
      if (assigned === null) throw domException('OperationError', 'No SCTP stream id is available');
    }
    const channel = new RTCDataChannel(
      INTERNAL,
      { label: l, ordered: options.ordered, maxPacketLifeTime, maxRetransmits, protocol: options.protocol, negotiated: options.negotiated, id: assigned },
      {
        onClosed: (c) => {
          const i = this.#dataChannels.indexOf(c);
          if (i >= 0) this.#dataChannels.splice(i, 1);
        },
        connectionClosed: () => this.#closed,
      },
    );
    const first = !this.#dataChannelCreated;
    this.#dataChannelCreated = true;
    if (first) this.#updateNegotiationNeeded();
    this.#dataChannels.push(channel);
    this.#attachChannel(channel);
    return channel;
  }

  /** Gives a channel its underlying data transport (now, or when the transport is created). */
  #attachChannel(channel: RTCDataChannel): void {
    const b = this.#binding;
    if (!b) return;
    dataChannelSlots(channel).transport = {
      sendMessage: (c, data) => b.sendMessage(boundChannel(c), data),
      close: (c) => b.closeChannel(boundChannel(c)),
    };
    b.attachChannel(boundChannel(channel));
  }

  /** Creates the transport binding (first setLocalDescription / setRemoteDescription). */
  async #ensureBinding(): Promise<TransportBinding> {
    if (this.#binding) return this.#binding;
    const cert = await this.#certificate;
    if (this.#binding) return this.#binding;
    const fp = cert.getFingerprints()[0]!;
    const net = this.#options.network ?? {};
    const o: ConstructorParameters<typeof TransportBinding>[1] = {
      ...this.#options.transport,
      certificate: certificateMaterial(cert),
      fingerprint: { algorithm: fp.algorithm, value: fp.value },
    };
    const servers = this.#config.iceServers as unknown as { urls: string | string[]; username?: string; credential?: string }[];
    if (servers.length > 0) o.iceServers = servers.map((x) => ({ urls: x.urls, ...(x.username !== undefined ? { username: x.username } : {}), ...(x.credential !== undefined ? { credential: x.credential } : {}) }));
    o.iceTransportPolicy = this.#config.iceTransportPolicy as 'all' | 'relay';
    if (net.includeLoopback !== undefined) o.includeLoopback = net.includeLoopback;
    if (net.ipv6 !== undefined) o.ipv6 = net.ipv6;
    if (net.addresses !== undefined) o.addresses = net.addresses;
    const binding = new TransportBinding(
      {
        target: this,
        isClosed: () => this.#closed,
        surfaceCandidate: (line, ufrag, tag) => this.#surfaceCandidate(line, ufrag, tag.sdpMLineIndex),
        dataChannels: () => this.#dataChannels.map((c) => boundChannel(c)),
        createRemoteChannel: (p) => {
          const channel = new RTCDataChannel(INTERNAL, p, {
            onClosed: (c) => {
              const i = this.#dataChannels.indexOf(c);
              if (i >= 0) this.#dataChannels.splice(i, 1);
            },
            connectionClosed: () => this.#closed,
          });
          this.#dataChannels.push(channel);
          dataChannelSlots(channel).transport = {
            sendMessage: (c, data) => binding.sendMessage(boundChannel(c), data),
            close: (c) => binding.closeChannel(boundChannel(c)),
          };
          return boundChannel(channel);
        },
      },
      o,
    );
    this.#binding = binding;
    for (const ch of this.#dataChannels) {
      dataChannelSlots(ch).transport = {
        sendMessage: (c, data) => binding.sendMessage(boundChannel(c), data),
        close: (c) => binding.closeChannel(boundChannel(c)),
      };
    }
    return binding;
  }

  /**
   * "Surface the candidate" (webrtc-pc §5.6.1), the description half: the
   * candidate (or a=end-of-candidates for '') joins the pending and current
   * local descriptions that carry its ICE generation's ufrag.
   */
  #surfaceCandidate(line: string, ufrag: string, mLineIndex: number): boolean {
    const attribute = line === '' ? 'end-of-candidates' : line;
    let surfaced = false;
    if (this.#pendingLocal && sectionUfrag(this.#pendingLocal.sdp, mLineIndex) === ufrag) {
      this.#pendingLocal = new RTCSessionDescription({ type: this.#pendingLocal.type, sdp: addSectionAttribute(this.#pendingLocal.sdp, mLineIndex, attribute) });
      surfaced = true;
    }
    if (this.#currentLocal && sectionUfrag(this.#currentLocal.sdp, mLineIndex) === ufrag) {
      this.#currentLocal = new RTCSessionDescription({ type: this.#currentLocal.type, sdp: addSectionAttribute(this.#currentLocal.sdp, mLineIndex, attribute) });
      surfaced = true;
    }
    return surfaced;
  }

  // ======================================================== internals

  /** RFC 8832 §6: the DTLS client uses even stream ids, the server odd ones; the lowest free one. */
  #allocateStreamId(): number | null {
    const used = new Set(this.#dataChannels.map((c) => dataChannelSlots(c).id));
    for (let id = this.#dtlsRole === 'client' ? 0 : 1; id <= 65534; id += 2) if (!used.has(id)) return id;
    return null;
  }

  /** An answer negotiated the DTLS role of the SCTP transport: give waiting channels their ids. */
  #assignStreamIds(view: SessionDescription, remote: boolean, errorList: RTCDataChannel[]): void {
    const m = view.media.find((x) => isDataChannelSection(x) && !isRejectedSection(x));
    if (!m) return;
    const setup = effectiveSetup(view, m);
    if (setup !== 'active' && setup !== 'passive') return;
    // The answerer's setup: 'active' makes the answerer the DTLS client.
    const answererIsClient = setup === 'active';
    this.#dtlsRole = remote === answererIsClient ? 'server' : 'client';
    for (const ch of this.#dataChannels) {
      const slots = dataChannelSlots(ch);
      if (slots.id !== null) continue;
      const id = this.#allocateStreamId();
      if (id === null) {
        slots.readyState = 'closed';
        errorList.push(ch);
      } else slots.id = id;
    }
  }

  #randomString(length: number, alphabet = ICE_CHARS): string {
    const b = new Uint8Array(length);
    this.#random(b);
    let s = '';
    for (const x of b) s += alphabet[x % alphabet.length];
    return s;
  }

  #newIceCredentials(): { ufrag: string; pwd: string } {
    // RFC 8839 §5.4: ufrag at least 4 ice-chars (24 bits), pwd at least 22 (128 bits).
    return { ufrag: this.#randomString(4), pwd: this.#randomString(24) };
  }

  #randomSsrc(): number {
    const b = new Uint8Array(4);
    this.#random(b);
    return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0 || 1;
  }

  #legacy(success: unknown, failure: unknown, run: () => Promise<unknown>): Promise<undefined> {
    // §4.4.3.1: both callbacks are required WebIDL callback functions.
    if (typeof success !== 'function' || typeof failure !== 'function') {
      return Promise.reject(new TypeError('The legacy form needs a success and a failure callback'));
    }
    run().then(
      (v) => (success as (v: unknown) => void)(v),
      (e: unknown) => (failure as (e: unknown) => void)(e),
    );
    return Promise.resolve(undefined);
  }

  #transceiverOfSender(sender: RTCRtpSender): RTCRtpTransceiver | undefined {
    return this.#transceivers.find((t) => t.sender === sender) ?? this.#allTransceivers.find((t) => t.sender === sender);
  }

  /** Every transceiver this connection ever created (removed ones too), for removeTrack's ownership check. */
  #allTransceivers: RTCRtpTransceiver[] = [];

  #createTransceiver(kind: MediaKind, track: TrackLike | null, streamIds: string[], sendEncodings: RtcRtpEncodingParameters[], direction: Direction): RTCRtpTransceiver {
    let t!: RTCRtpTransceiver;
    const sender = new RTCRtpSender(INTERNAL, {
      kind,
      track,
      associatedStreamIds: streamIds,
      sendEncodings: sendEncodings.length > 0 ? sendEncodings : [kind === 'video' ? { active: true, scaleResolutionDownBy: 1 } : { active: true }],
      isStopping: () => transceiverSlots(t).stopping,
      currentDirection: () => transceiverSlots(t).currentDirection,
      ssrc: this.#randomSsrc(),
      rtxSsrc: this.#randomSsrc(),
      // RFC 8830 §2: the msid appdata of a sender without a track (token-chars only).
      placeholderTrackId: this.#randomString(32, ICE_CHARS.slice(0, 62)),
      host: this.#host,
    });
    const receiverTrack = createRemoteTrack(kind);
    const receiver = new RTCRtpReceiver(INTERNAL, kind, receiverTrack);
    // Everything is bundled on one transport (RFC 8843): associated transceivers share its RTCDtlsTransport.
    const transportOf = () => (this.#binding && transceiverSlots(t).mid !== null ? this.#binding.dtlsTransport : null);
    registerRtpTransport(sender, transportOf);
    registerRtpTransport(receiver, transportOf);
    t = new RTCRtpTransceiver(INTERNAL, {
      kind,
      sender,
      receiver,
      stopping: false,
      stopped: false,
      direction,
      receptive: false,
      currentDirection: null,
      firedDirection: null,
      preferredCodecs: [],
      jsepMid: null,
      mid: null,
      mLineIndex: null,
      addTrackUsed: false,
      createdByAddTrack: false,
      everSent: false,
      createdByRemoteOffer: false,
      endTrack: (disappear) => {
        // webrtc-pc §5.4 "stop sending and receiving": the track is ended as
        // mediacapture-main §4.3.1.2 says, whose steps run in a queued task.
        if (!disappear) queueTask(() => endReceiverTrack(receiverTrack));
      },
      host: this.#host,
    });
    this.#allTransceivers.push(t);
    return t;
  }

  /** addTransceiver without updating the negotiation-needed flag (also used by the legacy offer options). */
  #addTransceiver(trackOrKind: unknown, init: unknown): RTCRtpTransceiver {
    let kind: MediaKind;
    let track: TrackLike | null = null;
    if (isObject(trackOrKind) && typeof (trackOrKind as TrackLike).kind === 'string' && typeof (trackOrKind as TrackLike).id === 'string') {
      track = trackOrKind as TrackLike;
      kind = track.kind as MediaKind;
    } else {
      const k = toDOMString(trackOrKind, 'trackOrKind');
      if (k !== 'audio' && k !== 'video') throw new TypeError(`Failed to execute 'addTransceiver': '${k}' is not a valid kind`);
      kind = k;
    }
    const options = toTransceiverInit(init);
    if (this.#closed) throw domException('InvalidStateError', 'The RTCPeerConnection is closed');
    const sendEncodings = validateSendEncodings(options.sendEncodings, kind);
    const t = this.#createTransceiver(kind, track, uniqueIds(options.streams), sendEncodings, options.direction);
    this.#transceivers.push(t);
    return t;
  }

  #applyLegacyOfferOptions(options: RTCOfferOptions): void {
    for (const [member, kind] of [
      ['offerToReceiveAudio', 'audio'],
      ['offerToReceiveVideo', 'video'],
    ] as const) {
      const value = options[member];
      if (value === undefined) continue;
      const live = this.#transceivers.filter((t) => !transceiverSlots(t).stopped && transceiverSlots(t).kind === kind);
      if (value === false) {
        for (const t of live) {
          const s = transceiverSlots(t);
          if (s.direction === 'sendrecv') s.direction = 'sendonly';
          else if (s.direction === 'recvonly') s.direction = 'inactive';
        }
        continue;
      }
      if (live.some((t) => receives(transceiverSlots(t).direction))) continue;
      const t = this.#addTransceiver(kind, undefined);
      transceiverSlots(t).direction = 'recvonly';
    }
  }

  // ------------------------------------------------------ negotiation-needed

  /** "Update the negotiation-needed flag" (webrtc-pc §4.7.3). */
  #updateNegotiationNeeded(): void {
    if (this.#ops.length !== 0) {
      this.#updateNegotiationNeededOnEmptyChain = true;
      return;
    }
    queueTask(() => {
      if (this.#closed) return;
      if (this.#ops.length !== 0) {
        this.#updateNegotiationNeededOnEmptyChain = true;
        return;
      }
      if (this.#signalingState !== 'stable') return;
      if (!this.#isNegotiationNeeded()) {
        this.#negotiationNeeded = false;
        return;
      }
      if (this.#negotiationNeeded) return;
      this.#negotiationNeeded = true;
      this.dispatchEvent(new Event('negotiationneeded'));
    });
  }

  /** "Check if negotiation is needed" (webrtc-pc §4.7.3). */
  #isNegotiationNeeded(): boolean {
    if (this.#localIceCredentialsToReplace.size > 0) return true;
    const local = this.#currentLocal ? parsed(this.#currentLocal.sdp) : null;
    const remote = this.#currentRemote ? parsed(this.#currentRemote.sdp) : null;
    if (this.#dataChannelCreated) {
      const hasData = local?.media.some((m) => isDataChannelSection(m) && !isRejectedSection(m)) ?? false;
      if (!hasData) return true;
    }
    for (const t of this.#transceivers) {
      const s = transceiverSlots(t);
      if (s.stopping && !s.stopped) return true;
      const m = local && s.mLineIndex !== null ? local.media[s.mLineIndex] : undefined;
      const associated = m !== undefined && m.mid === s.mid;
      if (!s.stopped && !associated) return true;
      if (!s.stopped && associated && local) {
        if (sends(s.direction)) {
          const ids = msidStreamIds(m);
          const want = senderSlots(s.sender).associatedStreamIds;
          if (m.msids.length === 0 || ids.length !== want.length || ids.some((id) => !want.includes(id))) return true;
        }
        if (this.#currentLocal!.type === 'offer') {
          const rm = remote?.media[s.mLineIndex!];
          const remoteDir = rm && remote ? reverseDirection(effectiveDirection(remote, rm)) : undefined;
          if (effectiveDirection(local, m) !== s.direction && remoteDir !== s.direction) return true;
        } else if (remote) {
          const rm = remote.media[s.mLineIndex!];
          const offered = rm ? effectiveDirection(remote, rm) : 'inactive';
          const want = intersectDirections(s.direction as SdpDirection, reverseDirection(offered));
          if (effectiveDirection(local, m) !== want) return true;
        }
      }
      if (s.stopped && associated) {
        const rm = remote?.media[s.mLineIndex!];
        if (!isRejectedSection(m) && !(rm && isRejectedSection(rm))) return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------ create offer / answer

  async #waitForCertificate(): Promise<CertificateFingerprint[]> {
    const f = await this.#fingerprints.catch(() => undefined);
    if (!f) throw domException('OperationError', `certificate generation failed: ${String(this.#certificateError)}`);
    return f;
  }

  /** "Create an offer" (webrtc-pc §4.4.1.5). */
  #createOfferOp(options: RTCOfferOptions): Promise<RTCSessionDescriptionInitLike> {
    if (this.#signalingState !== 'stable' && this.#signalingState !== 'have-local-offer') {
      return Promise.reject(domException('InvalidStateError', `createOffer in state ${this.#signalingState}`));
    }
    return this.#waitForCertificate().then(
      (fingerprints) =>
        new Promise((resolve) =>
          queueTask(() => {
            // Final steps: a closed connection never settles p.
            if (this.#closed) return;
            const sdp = this.#generateOffer(options, fingerprints[0]!);
            this.#lastCreatedOffer = sdp;
            resolve({ type: 'offer', sdp });
          }),
        ),
    );
  }

  /** "Create an answer" (webrtc-pc §4.4.1.5). */
  #createAnswerOp(): Promise<RTCSessionDescriptionInitLike> {
    if (this.#signalingState !== 'have-remote-offer' && this.#signalingState !== 'have-local-pranswer') {
      return Promise.reject(domException('InvalidStateError', `createAnswer in state ${this.#signalingState}`));
    }
    return this.#waitForCertificate().then(
      (fingerprints) =>
        new Promise((resolve) =>
          queueTask(() => {
            if (this.#closed) return;
            const sdp = this.#generateAnswer(fingerprints[0]!);
            this.#lastCreatedAnswer = sdp;
            resolve({ type: 'answer', sdp });
          }),
        ),
    );
  }

  #planTransceiver(t: RTCRtpTransceiver, forOffer: boolean): PlanTransceiver {
    const s = transceiverSlots(t);
    const ss = senderSlots(s.sender);
    const encodings = ss.sendEncodings;
    return {
      kind: s.kind,
      jsepMid: s.jsepMid,
      mLineIndex: s.mLineIndex,
      stopped: s.stopped || (forOffer && s.stopping),
      direction: s.direction,
      preferredCodecs: filterPreferences(s.preferredCodecs, s.kind),
      sending: {
        streamIds: ss.associatedStreamIds,
        trackId: ss.track?.id ?? ss.placeholderTrackId,
        ssrc: ss.ssrc,
        rtxSsrc: ss.rtxSsrc,
        cname: this.#cname,
      },
      sendRids: encodings.length > 1 ? encodings.map((e) => String(e.rid)) : undefined,
    };
  }

  #allocateMid(): string {
    for (let i = 0; ; i++) {
      const mid = String(i);
      if (!this.#usedMids.has(mid) && !this.#transceivers.some((t) => transceiverSlots(t).jsepMid === mid)) {
        this.#usedMids.add(mid);
        return mid;
      }
    }
  }

  /** RFC 8829 §5.2: the offer's SDP text; assigns [[JsepMid]] to new transceivers. */
  #generateOffer(options: RTCOfferOptions, fingerprint: CertificateFingerprint): string {
    const baseDesc = this.#pendingLocal?.type === 'offer' ? this.#pendingLocal : this.#currentLocal;
    const base = baseDesc ? parsed(baseDesc.sdp) : null;
    const curLocal = this.#currentLocal ? parsed(this.#currentLocal.sdp) : null;
    const curRemote = this.#currentRemote ? parsed(this.#currentRemote.sdp) : null;
    // ICE restart (RFC 8829 §5.2.1 iceRestart; webrtc-pc §4.4.3.2: credentials in
    // [[LocalIceCredentialsToReplace]] are not reused): fresh credentials for every section.
    const inUse = this.#localCredentials();
    const replaced = [...inUse.values(), this.#ice].some((c) => this.#localIceCredentialsToReplace.has(`${c.ufrag}:${c.pwd}`));
    if (options.iceRestart || replaced) {
      this.#ice = this.#newIceCredentials();
      inUse.clear();
    }
    const plan = planOffer({
      transport: this.#transport(fingerprint, (mid) => inUse.get(mid) ?? this.#ice),
      base,
      recyclable: (i) => {
        const l = curLocal?.media[i];
        const r = curRemote?.media[i];
        return (l !== undefined && isRejectedSection(l)) || (r !== undefined && isRejectedSection(r));
      },
      transceivers: this.#transceivers.map((t) => this.#planTransceiver(t, true)),
      wantData: this.#dataChannelCreated,
      dataMid: this.#dataMid,
      newMid: () => this.#allocateMid(),
    });
    plan.mids.forEach((mid, i) => {
      const s = transceiverSlots(this.#transceivers[i]!);
      if (mid !== null && s.jsepMid === null) s.jsepMid = mid;
    });
    for (const m of plan.media) this.#usedMids.add(m.mid!);
    const live = plan.media.filter((m) => !isRejectedSection(m)).map((m) => m.mid!);
    // RFC 8843 §7.1: every bundle policy offers one BUNDLE group of all used sections.
    return this.#serialize(plan.media, live.length > 0 ? live : undefined);
  }

  /**
   * This side's a=setup role in the last completed negotiation (RFC 8842 §5):
   * ours when we answered, the reverse of the remote answer's when we offered.
   */
  #establishedSetup(): 'active' | 'passive' | undefined {
    if (!this.#currentLocal || !this.#currentRemote) return undefined;
    const answer = parsed(this.#currentLocal.type === 'answer' ? this.#currentLocal.sdp : this.#currentRemote.sdp);
    const m = answer.media.find((x) => !isRejectedSection(x));
    const setup = m ? effectiveSetup(answer, m) : undefined;
    if (setup !== 'active' && setup !== 'passive') return undefined;
    if (this.#currentLocal.type === 'answer') return setup;
    return setup === 'active' ? 'passive' : 'active';
  }

  /** The id of the connection's default remote MediaStream (a random UUID, like a MediaStream's own). */
  #defaultStreamId(): string {
    this.#defaultRemoteStreamId ??= globalThis.crypto.randomUUID();
    return this.#defaultRemoteStreamId;
  }

  /** This side's ICE credentials (per mid) and certificate fingerprint for the sections in use. */
  #transport(fingerprint: CertificateFingerprint, credentials: PlanTransport['credentials']): PlanTransport {
    return { credentials, fingerprints: [{ algorithm: fingerprint.algorithm, value: fingerprint.value }] };
  }

  /** The ICE credentials of each m= section (by mid) of the current local description, overridden by the pending one. */
  #localCredentials(): Map<string, { ufrag: string; pwd: string }> {
    const out = new Map<string, { ufrag: string; pwd: string }>();
    for (const d of [this.#currentLocal, this.#pendingLocal]) {
      if (!d) continue;
      const sdp = parsed(d.sdp);
      sdp.media.forEach((m, i) => {
        const c = effectiveIceCredentials(sdp, m);
        if (!isRejectedSection(m) && c.ufrag !== undefined && c.pwd !== undefined) out.set(m.mid ?? String(i), { ufrag: c.ufrag, pwd: c.pwd });
      });
    }
    return out;
  }

  /** RFC 8829 §5.2.1: the session part around `media`, the next o= version, as SDP text. */
  #serialize(media: MediaSection[], bundleMids: string[] | undefined): string {
    const sdp = createSessionDescription({
      sessionId: this.#sessionId,
      sessionVersion: String(this.#sessionVersion++),
      ...(bundleMids ? { bundleMids } : {}),
    });
    sdp.media = media;
    return serializeSdp(sdp);
  }

  /** RFC 8829 §5.3: the answer's SDP text for the pending remote offer. */
  #generateAnswer(fingerprint: CertificateFingerprint): string {
    const offer = parsed(this.#pendingRemote!.sdp);
    // RFC 8829 §5.3.1 / §5.8: a section the remote restarts ICE on (new remote
    // ufrag) gets fresh credentials; the others keep theirs. restartIce()
    // affects offers only (webrtc-pc §4.4.3.2), so an answer never restarts by itself.
    const prevRemote = this.#currentRemote ? parsed(this.#currentRemote.sdp) : null;
    const restarted = new Set<string>();
    offer.media.forEach((m, i) => {
      const p = prevRemote?.media[i];
      if (p !== undefined && !isRejectedSection(m) && effectiveIceCredentials(prevRemote!, p).ufrag !== effectiveIceCredentials(offer, m).ufrag) {
        restarted.add(m.mid ?? String(i));
      }
    });
    const inUse = this.#localCredentials();
    let fresh: { ufrag: string; pwd: string } | undefined;
    const credentials = (mid: string) => (restarted.has(mid) ? (fresh ??= this.#newIceCredentials()) : (inUse.get(mid) ?? this.#ice));
    const plan = planAnswer({
      offer,
      transport: this.#transport(fingerprint, credentials),
      establishedSetup: this.#establishedSetup(),
      transceiverAt: (i) => {
        const mid = offer.media[i]!.mid ?? String(i);
        const t = this.#transceivers.find((x) => transceiverSlots(x).mLineIndex === i && transceiverSlots(x).mid === mid);
        return t ? this.#planTransceiver(t, false) : undefined;
      },
    });
    // Sections added later start from the newest credentials.
    if (fresh) this.#ice = fresh;
    return this.#serialize(plan.media, plan.bundle);
  }

  // ------------------------------------------------------ set descriptions

  /** setLocalDescription's chained steps (webrtc-pc §4.4.1.5). */
  #setLocalDescriptionOp(description: { type?: RTCSdpType; sdp: string }): Promise<undefined> {
    const state = this.#signalingState;
    const type: RTCSdpType =
      description.type ?? (state === 'stable' || state === 'have-local-offer' || state === 'have-remote-pranswer' ? 'offer' : 'answer');
    let sdp = description.sdp;
    if (type === 'offer' && sdp !== '' && sdp !== this.#lastCreatedOffer) {
      return Promise.reject(domException('InvalidModificationError', 'The SDP does not match the last created offer'));
    }
    if ((type === 'answer' || type === 'pranswer') && sdp !== '' && sdp !== this.#lastCreatedAnswer) {
      return Promise.reject(domException('InvalidModificationError', 'The SDP does not match the last created answer'));
    }
    if (sdp === '' && type === 'offer') {
      sdp = this.#lastCreatedOffer;
      if (sdp === '') return this.#createOfferOp({}).then((offer) => this.#setDescription({ type: 'offer', sdp: offer.sdp }, false));
    }
    if (sdp === '' && (type === 'answer' || type === 'pranswer')) {
      sdp = this.#lastCreatedAnswer;
      if (sdp === '') return this.#createAnswerOp().then((answer) => this.#setDescription({ type, sdp: answer.sdp }, false));
    }
    return this.#setDescription({ type, sdp }, false);
  }

  /** setRemoteDescription's chained steps, with implicit rollback (webrtc-pc §4.4.1.5). */
  #setRemoteDescriptionOp(description: Description): Promise<undefined> {
    if (description.type === 'offer' && !validType('offer', true, this.#signalingState)) {
      return this.#setDescription({ type: 'rollback', sdp: '' }, false).then(() => this.#setDescription(description, true));
    }
    return this.#setDescription(description, true);
  }

  /** "Set a session description" (webrtc-pc §4.4.1.6). */
  #setDescription(description: Description, remote: boolean): Promise<undefined> {
    const state = this.#signalingState;
    if (description.type === 'rollback' && (state === 'stable' || state === 'have-local-pranswer' || state === 'have-remote-pranswer')) {
      return Promise.reject(domException('InvalidStateError', `Cannot roll back in state ${state}`));
    }
    return new Promise<undefined>((resolve, reject) => {
      // The description is applied "in parallel"; the outcome is handled in a task.
      queueTask(() => {
        if (this.#closed) return;
        const error = this.#checkDescription(description, remote);
        if (error) {
          reject(error);
          return;
        }
        if (description.type === 'rollback') {
          this.#applyDescription(description, remote);
          resolve(undefined);
          return;
        }
        // The transports take the description "in parallel" (credentials, roles, candidates), then the success steps.
        this.#applyToTransport(description, remote).then(
          () => {
            if (this.#closed) return;
            this.#applyDescription(description, remote);
            if (!remote) this.#binding?.releaseEarlyCandidates();
            resolve(undefined);
          },
          (e: unknown) => {
            if (!this.#closed) reject(e instanceof Error ? e : domException('OperationError', String(e)));
          },
        );
      });
    });
  }

  /** Applies a description to the transports: created on the first one; gathering starts with the first local one. */
  async #applyToTransport(description: Description, remote: boolean): Promise<void> {
    const type = description.type as 'offer' | 'answer' | 'pranswer';
    const binding = await this.#ensureBinding();
    if (this.#closed) return;
    if (remote) await binding.applyRemoteDescription(type, description.sdp);
    else await binding.applyLocalDescription(type, description.sdp);
    // Channels created before the transport existed get theirs now (idempotent).
    for (const ch of this.#dataChannels) this.#attachChannel(ch);
  }

  /** The failure cases of "set a session description", in the spec's order. */
  #checkDescription(description: Description, remote: boolean): unknown {
    if (!validType(description.type, remote, this.#signalingState)) {
      return domException('InvalidStateError', `Cannot set a ${remote ? 'remote' : 'local'} ${description.type} in state ${this.#signalingState}`);
    }
    if (description.type === 'rollback') return undefined;
    // RFC 8829 §5.8: the SDP grammar check of @purertc/sdp gives the line number.
    const view = parseSdp(description.sdp);
    if (!view.ok) {
      return new RTCError({ errorDetail: 'sdp-syntax-error', sdpLineNumber: view.line }, `SDP syntax error at line ${view.line}: ${view.reason}`);
    }
    let offer: SessionDescription | null = null;
    if (description.type === 'answer' || description.type === 'pranswer') {
      const o = remote ? this.#pendingLocal : this.#pendingRemote;
      offer = o ? parsed(o.sdp) : null;
    }
    const previousDesc = remote ? this.#currentRemote ?? this.#currentLocal : this.#currentLocal;
    const problem = validateDescription({
      sdp: view.sdp,
      type: description.type,
      remote,
      offer,
      previous: description.type === 'offer' && previousDesc ? parsed(previousDesc.sdp) : null,
    });
    if (problem) return domException(problem.name, problem.message);
    return undefined;
  }

  /** The success steps of "set a session description" (webrtc-pc §4.4.1.6). */
  #applyDescription(description: Description, remote: boolean): void {
    const previousState = this.#signalingState;
    const type = description.type;
    const sdpView = type === 'rollback' ? null : parsed(description.sdp);
    if (!remote) this.#localDescriptionSet = true;
    // Entering a negotiation from 'stable': remember what rollback restores.
    if (type === 'offer' && previousState === 'stable') this.#saveStableState();
    const trackEventInits: { receiver: RTCRtpReceiver; track: TrackLike; streams: StreamLike[]; transceiver: RTCRtpTransceiver }[] = [];
    const muteTracks: TrackLike[] = [];
    const addList: [StreamLike, TrackLike][] = [];
    const removeList: [StreamLike, TrackLike][] = [];
    const removed: RTCRtpTransceiver[] = [];
    const errorList: RTCDataChannel[] = [];
    const desc = type === 'rollback' ? null : new RTCSessionDescription({ type, sdp: description.sdp });

    if (type !== 'rollback') {
      const view = sdpView!;
      // An answer without a=mid lines takes the offer's mids (RFC 8829 §5.10).
      const offerDesc = type === 'answer' || type === 'pranswer' ? (remote ? this.#pendingLocal : this.#pendingRemote) : null;
      const offerView = offerDesc ? parsed(offerDesc.sdp) : null;
      this.#midOf = (m, i) => m.mid ?? offerView?.media[i]?.mid ?? String(i);
      view.media.forEach((m, i) => this.#usedMids.add(this.#midOf(m, i)));
      if (type === 'answer' || type === 'pranswer') this.#assignStreamIds(view, remote, errorList);
      if (!remote) this.#applyLocal(view, type, removeList, muteTracks);
      else this.#applyRemote(view, type, addList, removeList, trackEventInits, muteTracks);
    } else {
      this.#rollback(previousState, addList, removeList, trackEventInits, muteTracks, removed);
    }

    // Descriptions and the new signaling state.
    if (type === 'rollback') {
      this.#pendingLocal = null;
      this.#pendingRemote = null;
      this.#signalingState = 'stable';
    } else if (!remote) {
      if (type === 'offer') {
        this.#pendingLocal = desc;
        this.#signalingState = 'have-local-offer';
      } else if (type === 'answer') {
        this.#currentLocal = desc;
        this.#currentRemote = this.#pendingRemote;
        this.#pendingLocal = null;
        this.#pendingRemote = null;
        this.#lastCreatedOffer = '';
        this.#lastCreatedAnswer = '';
        this.#signalingState = 'stable';
        this.#clearReplacedCredentials(desc!.sdp);
      } else {
        this.#pendingLocal = desc;
        this.#signalingState = 'have-local-pranswer';
      }
    } else if (type === 'offer') {
      this.#pendingRemote = desc;
      this.#signalingState = 'have-remote-offer';
    } else if (type === 'answer') {
      this.#currentRemote = desc;
      this.#currentLocal = this.#pendingLocal;
      this.#pendingLocal = null;
      this.#pendingRemote = null;
      this.#lastCreatedOffer = '';
      this.#lastCreatedAnswer = '';
      this.#signalingState = 'stable';
      if (this.#currentLocal) this.#clearReplacedCredentials(this.#currentLocal.sdp);
    } else {
      this.#pendingRemote = desc;
      this.#signalingState = 'have-remote-pranswer';
    }

    // After an answer: drop stopped transceivers whose m= section is rejected.
    if (type === 'answer') {
      const l = this.#currentLocal ? parsed(this.#currentLocal.sdp) : null;
      const r = this.#currentRemote ? parsed(this.#currentRemote.sdp) : null;
      this.#transceivers = this.#transceivers.filter((t) => {
        const s = transceiverSlots(t);
        if (!s.stopped || s.mLineIndex === null) return true;
        const lm = l?.media[s.mLineIndex];
        const rm = r?.media[s.mLineIndex];
        const rejected = (lm !== undefined && isRejectedSection(lm)) || (rm !== undefined && isRejectedSection(rm));
        if (!rejected) return true;
        // RFC 9429 §5.10/§5.11: the transceiver of a rejected m= section is
        // disassociated from it, so its mid becomes null.
        s.mid = null;
        s.jsepMid = null;
        s.mLineIndex = null;
        removed.push(t);
        return false;
      });
    }
    if (this.#signalingState === 'stable') {
      if (type === 'answer' || type === 'rollback') this.#stable.clear();
      // "Clear the negotiation-needed flag" and "update the negotiation-needed flag".
      this.#negotiationNeeded = false;
      this.#updateNegotiationNeeded();
    }
    if (this.#signalingState !== previousState) this.dispatchEvent(new Event('signalingstatechange'));
    for (const ch of errorList) {
      this.#dataChannels.splice(this.#dataChannels.indexOf(ch), 1);
      ch.dispatchEvent(
        new RTCErrorEvent('error', { error: new RTCError({ errorDetail: 'data-channel-failure' }, 'No SCTP stream id available') }),
      );
    }
    for (const track of muteTracks) muteReceiverTrack(track);
    for (const [stream, track] of removeList) removeRemoteTrackFromStream(stream, track);
    for (const [stream, track] of addList) addRemoteTrackToStream(stream, track);
    for (const init of trackEventInits) {
      this.dispatchEvent(new RTCTrackEvent('track', init as never));
    }
  }

  /** The mid of an m= section of the description being applied. */
  #midOf: (m: MediaSection, index: number) => string = (m, i) => m.mid ?? String(i);

  #clearReplacedCredentials(sdp: string): void {
    const present = credentialsOf(sdp);
    if (!present.some((c) => this.#localIceCredentialsToReplace.has(c))) this.#localIceCredentialsToReplace = new Set();
  }

  #saveStableState(): void {
    this.#stable.clear();
    for (const t of this.#transceivers) {
      const s = transceiverSlots(t);
      this.#stable.set(t, { mLineIndex: s.mLineIndex, mid: s.mid, jsepMid: s.jsepMid });
      const r = receiverSlots(s.receiver);
      r.lastStableAssociatedRemoteStreams = r.associatedRemoteStreams.slice();
      r.lastStableReceiveCodecs = r.receiveCodecs.slice();
      const ss = senderSlots(s.sender);
      ss.lastStableRidlessSendEncodings = ss.sendEncodings.length === 1 && ss.sendEncodings[0]!.rid === undefined ? ss.sendEncodings : null;
    }
    this.#stableData = { mid: this.#dataMid, index: this.#dataMLineIndex };
  }

  /**
   * While applying a description (local or remote alike): if `m` is the data
   * channel m= section, records its mid and index and returns true.
   */
  #noteDataSection(m: MediaSection, mid: string, index: number): boolean {
    if (!isDataChannelSection(m)) return false;
    this.#dataMid = mid;
    this.#dataMLineIndex = index;
    return true;
  }

  /** Local description steps (webrtc-pc §4.4.1.6, "If remote is false"). */
  #applyLocal(view: SessionDescription, type: RTCSdpType, removeList: [StreamLike, TrackLike][], muteTracks: TrackLike[]): void {
    for (let index = 0; index < view.media.length; index++) {
      const m = view.media[index]!;
      const mid = this.#midOf(m, index);
      if (this.#noteDataSection(m, mid, index)) continue;
      let t = this.#transceivers.find((x) => transceiverSlots(x).mLineIndex === index && transceiverSlots(x).mid === mid);
      if (!t) {
        // Not yet associated: the transceiver used to create the section.
        t = this.#transceivers.find((x) => transceiverSlots(x).jsepMid === mid);
        if (!t) continue;
        const s = transceiverSlots(t);
        s.mid = s.jsepMid;
        s.mLineIndex = index;
        if (s.stopped) continue;
      }
      const s = transceiverSlots(t);
      if (s.stopped) continue;
      const direction = isRejectedSection(m) ? 'inactive' : effectiveDirection(view, m);
      s.receptive = receives(direction);
      const r = receiverSlots(s.receiver);
      r.receiveCodecs = receives(direction) ? codecParams(m) : [];
      if (type === 'answer' || type === 'pranswer') {
        senderSlots(s.sender).sendCodecs = sends(direction) ? codecParams(m) : [];
        senderSlots(s.sender).lastReturnedParameters = null;
        if ((direction === 'sendonly' || direction === 'inactive') && receives(s.firedDirection)) {
          this.#setAssociatedRemoteStreams(s.receiver, [], [], removeList);
          if (!isMuted(r.track)) muteTracks.push(r.track);
        }
        s.currentDirection = direction;
        s.firedDirection = direction;
        if (sends(direction)) s.everSent = true;
      }
      if (isRejectedSection(m) && !s.stopped) stopTransceiver(t, false);
    }
  }

  /** Remote description steps (webrtc-pc §4.4.1.6, "if remote is true"). */
  #applyRemote(
    view: SessionDescription,
    type: RTCSdpType,
    addList: [StreamLike, TrackLike][],
    removeList: [StreamLike, TrackLike][],
    trackEventInits: { receiver: RTCRtpReceiver; track: TrackLike; streams: StreamLike[]; transceiver: RTCRtpTransceiver }[],
    muteTracks: TrackLike[],
  ): void {
    for (let index = 0; index < view.media.length; index++) {
      const m = view.media[index]!;
      const mid = this.#midOf(m, index);
      if (this.#noteDataSection(m, mid, index)) continue;
      if (m.kind !== 'audio' && m.kind !== 'video') continue;
      const kind = m.kind as MediaKind;
      const rejected = isRejectedSection(m);
      const offeredDirection = effectiveDirection(view, m);
      // RFC 8829 §5.10: find the transceiver for the m= section.
      let t = this.#transceivers.find((x) => transceiverSlots(x).mid === mid) ?? this.#transceivers.find((x) => transceiverSlots(x).jsepMid === mid);
      if (t && transceiverSlots(t).kind !== kind) t = undefined;
      if (!t && type === 'offer') {
        if (sends(offeredDirection) && !rejected) {
          t = this.#transceivers.find((x) => {
            const s = transceiverSlots(x);
            return s.createdByAddTrack && s.mLineIndex === null && s.mid === null && s.kind === kind && !s.stopping && !s.stopped;
          });
        }
        if (!t) {
          t = this.#createTransceiver(kind, null, [], proposedSendEncodings(m), 'recvonly');
          transceiverSlots(t).createdByRemoteOffer = true;
          this.#transceivers.push(t);
        }
      }
      if (!t) continue;
      const s = transceiverSlots(t);
      if (type === 'offer') {
        const proposed = proposedSendEncodings(m);
        const ss = senderSlots(s.sender);
        if (proposed.length > 0 && ss.sendEncodings.length === 1 && ss.sendEncodings[0]!.rid === undefined) {
          ss.sendEncodings = proposed;
          ss.lastReturnedParameters = null;
        }
      }
      s.jsepMid = mid;
      s.mid = mid;
      s.mLineIndex = index;
      const direction: SdpDirection = rejected ? 'inactive' : reverseDirection(offeredDirection);
      // RFC 9429 §5.10 / RFC 8830 §3: a section without any a=msid puts its track in a default stream.
      const msids = !receives(direction) ? [] : m.msids.length > 0 ? msidStreamIds(m) : [this.#defaultStreamId()];
      this.#processRemoteTracks(t, direction, msids, addList, removeList, trackEventInits, muteTracks);
      const r = receiverSlots(s.receiver);
      r.receiveCodecs = receives(direction) && !rejected ? codecParams(m) : [];
      if (type === 'answer' || type === 'pranswer') {
        const ss = senderSlots(s.sender);
        ss.sendCodecs = sends(direction) ? codecParams(m) : [];
        ss.lastReturnedParameters = null;
        if (!s.stopped) {
          s.currentDirection = direction;
          if (sends(direction)) s.everSent = true;
        }
      }
      if (rejected && !s.stopped) stopTransceiver(t, false);
    }
  }

  /** "Process remote tracks" (webrtc-pc §5.1). */
  #processRemoteTracks(
    t: RTCRtpTransceiver,
    direction: SdpDirection,
    msids: string[],
    addList: [StreamLike, TrackLike][],
    removeList: [StreamLike, TrackLike][],
    trackEventInits: { receiver: RTCRtpReceiver; track: TrackLike; streams: StreamLike[]; transceiver: RTCRtpTransceiver }[],
    muteTracks: TrackLike[],
  ): void {
    const s = transceiverSlots(t);
    const before = addList.length;
    this.#setAssociatedRemoteStreams(s.receiver, msids, addList, removeList);
    const r = receiverSlots(s.receiver);
    if ((receives(direction) && !receives(s.firedDirection)) || addList.length > before) {
      trackEventInits.push({ receiver: s.receiver, track: r.track, streams: r.associatedRemoteStreams.slice(), transceiver: t });
    }
    if (direction === 'sendonly' || direction === 'inactive') s.receptive = false;
    if ((direction === 'sendonly' || direction === 'inactive') && receives(s.firedDirection)) {
      if (!isMuted(r.track)) muteTracks.push(r.track);
    }
    s.firedDirection = direction as Direction;
  }

  /** "Set the associated remote streams" (webrtc-pc §5.1). */
  #setAssociatedRemoteStreams(receiver: RTCRtpReceiver, msids: string[], addList: [StreamLike, TrackLike][], removeList: [StreamLike, TrackLike][]): void {
    const streams: StreamLike[] = [];
    for (const id of msids) {
      let stream = this.#remoteStreams.get(id);
      if (!stream) {
        stream = createRemoteStream(id);
        this.#remoteStreams.set(id, stream);
      }
      streams.push(stream);
    }
    const r = receiverSlots(receiver);
    for (const old of r.associatedRemoteStreams) if (!streams.includes(old)) removeList.push([old, r.track]);
    for (const st of streams) if (!r.associatedRemoteStreams.includes(st)) addList.push([st, r.track]);
    r.associatedRemoteStreams = streams;
  }

  /** Rollback steps (webrtc-pc §4.4.1.6, "If description is of type rollback"). */
  #rollback(
    previousState: RTCSignalingState,
    addList: [StreamLike, TrackLike][],
    removeList: [StreamLike, TrackLike][],
    trackEventInits: { receiver: RTCRtpReceiver; track: TrackLike; streams: StreamLike[]; transceiver: RTCRtpTransceiver }[],
    muteTracks: TrackLike[],
    removed: RTCRtpTransceiver[],
  ): void {
    for (const t of this.#transceivers.slice()) {
      const s = transceiverSlots(t);
      const snap = this.#stable.get(t);
      if (!snap || snap.mLineIndex === null) {
        s.mLineIndex = null;
        s.jsepMid = null;
        s.mid = null;
      } else {
        s.mLineIndex = snap.mLineIndex;
        s.mid = snap.mid;
        s.jsepMid = snap.jsepMid;
      }
      const ss = senderSlots(s.sender);
      if (ss.lastStableRidlessSendEncodings !== null && ss.sendEncodings.some((e) => e.rid !== undefined)) {
        ss.sendEncodings = ss.lastStableRidlessSendEncodings;
      }
      const r = receiverSlots(s.receiver);
      r.receiveCodecs = r.lastStableReceiveCodecs.slice();
      if (previousState === 'have-remote-offer') {
        const msids = r.lastStableAssociatedRemoteStreams.map((st) => st.id);
        this.#processRemoteTracks(t, s.currentDirection ?? 'inactive', msids, addList, removeList, trackEventInits, muteTracks);
      }
      if (s.createdByRemoteOffer && !snap && !s.addTrackUsed) {
        stopTransceiver(t, false);
        this.#transceivers.splice(this.#transceivers.indexOf(t), 1);
        removed.push(t);
      } else if (s.createdByRemoteOffer && !snap) {
        // Kept because addTrack() attached a track: from now on it stands for
        // that addTrack() call and pairs with the next remote offer (as browsers do).
        s.createdByAddTrack = true;
      }
    }
    this.#dataMid = this.#stableData.mid;
    this.#dataMLineIndex = this.#stableData.index;
  }

  // ------------------------------------------------------ addIceCandidate

  /** addIceCandidate's chained steps (webrtc-pc §4.4.1.5). */
  #addIceCandidateOp(candidate: { candidate: string; sdpMid: string | null; sdpMLineIndex: number | null; usernameFragment: string | null }): Promise<undefined> {
    const remoteDesc = this.remoteDescription;
    if (!remoteDesc) return Promise.reject(domException('InvalidStateError', 'No remote description'));
    const view = parsed(remoteDesc.sdp);
    let index: number | null = null;
    if (candidate.sdpMid !== null) {
      const i = view.media.findIndex((x, j) => (x.mid ?? String(j)) === candidate.sdpMid);
      if (i < 0) return Promise.reject(domException('OperationError', `No m= section with mid ${candidate.sdpMid}`));
      index = i;
    } else if (candidate.sdpMLineIndex !== null) {
      if (candidate.sdpMLineIndex >= view.media.length) return Promise.reject(domException('OperationError', `No m= section at index ${candidate.sdpMLineIndex}`));
      index = candidate.sdpMLineIndex;
    }
    if (index !== null) {
      const mid = view.media[index]!.mid ?? String(index);
      const t = this.#transceivers.find((x) => transceiverSlots(x).mLineIndex === index && transceiverSlots(x).mid === mid);
      if (t && transceiverSlots(t).stopped) return Promise.resolve(undefined);
      if (candidate.usernameFragment !== null) {
        const ufrag = effectiveIceCredentials(view, view.media[index]!).ufrag;
        if (ufrag !== candidate.usernameFragment) return Promise.reject(domException('OperationError', 'The usernameFragment matches no remote description'));
      }
    } else if (candidate.usernameFragment !== null) {
      const known = view.media.some((m) => effectiveIceCredentials(view, m).ufrag === candidate.usernameFragment);
      if (!known) return Promise.reject(domException('OperationError', 'The usernameFragment matches no remote description'));
    }
    const text = candidate.candidate;
    if (text !== '' && !parseIceCandidateFields(text)) {
      return new Promise((_, reject) =>
        queueTask(() => {
          if (this.#closed) return;
          reject(domException('OperationError', 'The candidate could not be parsed'));
        }),
      );
    }
    return new Promise((resolve) =>
      queueTask(() => {
        if (this.#closed) return;
        // The candidate is added to the remote description(s) it belongs to.
        const indexes = index !== null ? [index] : view.media.map((_, i) => i);
        if (this.#pendingRemote) this.#pendingRemote = withCandidate(this.#pendingRemote, indexes, text);
        if (this.#currentRemote) this.#currentRemote = withCandidate(this.#currentRemote, indexes, text);
        // ... and to the ICE agent (RFC 8838 §11: a candidate or the end of candidates).
        this.#binding?.addRemoteCandidate(candidate);
        resolve(undefined);
      }),
    );
  }
}

defineEventHandlers(RTCPeerConnection.prototype, [
  'negotiationneeded',
  'icecandidate',
  'icecandidateerror',
  'signalingstatechange',
  'iceconnectionstatechange',
  'icegatheringstatechange',
  'connectionstatechange',
  'track',
  'datachannel',
]);
exposeInterface(RTCPeerConnection, [
  'localDescription', 'currentLocalDescription', 'pendingLocalDescription', 'remoteDescription',
  'currentRemoteDescription', 'pendingRemoteDescription', 'signalingState', 'iceGatheringState',
  'iceConnectionState', 'connectionState', 'canTrickleIceCandidates', 'sctp', 'createOffer', 'createAnswer',
  'setLocalDescription', 'setRemoteDescription', 'addIceCandidate', 'restartIce', 'getConfiguration',
  'setConfiguration', 'close', 'getStats', 'getSenders', 'getReceivers', 'getTransceivers', 'addTrack',
  'removeTrack', 'addTransceiver', 'createDataChannel',
]);

/** An RTCSessionDescriptionInit as createOffer/createAnswer resolve it. */
export interface RTCSessionDescriptionInitLike {
  type: RTCSdpType;
  sdp: string;
}

// ------------------------------------------------------------------ helpers

/** JSEP §4.1.8.2: whether a description type may be set in a signaling state. */
function validType(type: RTCSdpType, remote: boolean, state: RTCSignalingState): boolean {
  switch (type) {
    case 'offer':
      return remote ? state === 'stable' || state === 'have-remote-offer' : state === 'stable' || state === 'have-local-offer';
    case 'answer':
    case 'pranswer':
      return remote ? state === 'have-local-offer' || state === 'have-remote-pranswer' : state === 'have-remote-offer' || state === 'have-local-pranswer';
    case 'rollback':
      return state === 'have-local-offer' || state === 'have-remote-offer';
  }
}

const parseCache = new Map<string, SessionDescription>();

/**
 * Parses SDP this connection already validated (a small cache avoids
 * re-parsing). The model is shared: callers must not mutate it.
 */
function parsed(sdp: string): SessionDescription {
  let v = parseCache.get(sdp);
  if (!v) {
    const r = parseSdp(sdp);
    // Only validated descriptions reach here; an unparseable one means a bug above.
    if (!r.ok) throw new Error(`internal: stored SDP does not parse (line ${r.line}: ${r.reason})`);
    v = r.sdp;
    if (parseCache.size > 64) parseCache.clear();
    parseCache.set(sdp, v);
  }
  return v;
}

/** "ufrag:pwd" of every m= section of `sdp`, and the session-level pair. */
function credentialsOf(sdp: string): string[] {
  const r = parseSdp(sdp);
  if (!r.ok) return [];
  const out: string[] = [];
  for (const m of r.sdp.media) {
    const c = effectiveIceCredentials(r.sdp, m);
    if (c.ufrag !== undefined && c.pwd !== undefined) out.push(`${c.ufrag}:${c.pwd}`);
  }
  if (r.sdp.iceUfrag !== undefined && r.sdp.icePwd !== undefined) out.push(`${r.sdp.iceUfrag}:${r.sdp.icePwd}`);
  return out;
}

/** Whether a transceiver direction (or null) includes sending. */
function sends(d: string | null): boolean {
  return d !== null && d !== 'stopped' && directionSends(d as SdpDirection);
}

/** Whether a transceiver direction (or null) includes receiving. */
function receives(d: string | null): boolean {
  return d !== null && d !== 'stopped' && directionReceives(d as SdpDirection);
}

/**
 * A copy of `desc` with a remote candidate (or, for '', end-of-candidates)
 * added to the m= sections at `indexes`, re-serialized as browsers do
 * (webrtc-pc §4.4.1.5 addIceCandidate: the candidate is added to the remote
 * description; RFC 8840 §8.2 a=end-of-candidates).
 */
function withCandidate(desc: RTCSessionDescription, indexes: number[], text: string): RTCSessionDescription {
  const r = parseSdp(desc.sdp);
  const fields = text === '' ? undefined : parseCandidateAttribute(text);
  // Both were validated before (the stored description and the candidate): nothing to add otherwise.
  if (!r.ok || (text !== '' && !fields)) return desc;
  // The candidate-attribute of RFC 8839 §5.1, without the `a=` that some stacks (libdatachannel)
  // leave in RTCIceCandidate.candidate and that the parser above tolerates.
  const bare = text.startsWith('a=') ? text.slice(2) : text;
  const attribute = bare.startsWith('candidate:') ? bare : `candidate:${bare}`;
  for (const index of indexes) {
    const m = r.sdp.media[index];
    if (!m) continue;
    if (!fields) m.endOfCandidates = true;
    else if (!m.candidates.some((c) => c.attribute === attribute)) m.candidates.push({ ...fields, attribute });
  }
  return new RTCSessionDescription({ type: desc.type, sdp: serializeSdp(r.sdp) });
}

/** The RTCRtpCodecParameters of an m= section's codecs with an rtpmap (webrtc-pc §5.2 getParameters). */
function codecParams(m: MediaSection): ReturnType<typeof toRtcCodec>[] {
  return m.codecs.filter((c) => !c.implicit).map((c) => toRtcCodec(m.kind, c));
}

function isMuted(track: TrackLike): boolean {
  return (track as { muted?: boolean }).muted === true;
}

/** setRemoteDescription(offer): the simulcast layers the remote wants to receive (webrtc-pc §4.4.1.6). */
function proposedSendEncodings(m: MediaSection): RtcRtpEncodingParameters[] {
  const rids: string[] = [];
  // RFC 8853 §5.1: the first alternative of each simulcast stream.
  for (const alternatives of m.simulcast?.recv ?? []) {
    const rid = alternatives[0]?.rid;
    if (rid && !rids.includes(rid)) rids.push(rid);
  }
  return rids.map((rid, idx) => ({ rid, active: true, scaleResolutionDownBy: 2 ** (rids.length - idx - 1) }));
}

/**
 * createOffer/createAnswer "filteredCodecs" (webrtc-pc §4.4.1.5): drop preferred
 * codecs not in the send list (when sending) or the receive list (when
 * receiving). Both lists are the same capabilities here, so one filter does.
 */
function filterPreferences(prefs: { mimeType: string; clockRate: number; channels?: number; sdpFmtpLine?: string }[], kind: MediaKind) {
  if (prefs.length === 0) return prefs;
  const caps = capabilities(kind).codecs;
  return prefs.filter((p) => caps.some((c) => codecDictionaryMatch(c, p)));
}

function uniqueIds(streams: StreamLike[]): string[] {
  const ids: string[] = [];
  for (const s of streams) if (!ids.includes(s.id)) ids.push(s.id);
  return ids;
}

function checkTrack(track: unknown, context: string): asserts track is TrackLike {
  if (!isObject(track) || typeof (track as TrackLike).kind !== 'string' || typeof (track as TrackLike).id !== 'string') {
    throw new TypeError(`${context} is not of type 'MediaStreamTrack'`);
  }
}

function checkStream(stream: unknown, context: string): asserts stream is StreamLike {
  if (!isObject(stream) || typeof (stream as StreamLike).id !== 'string') throw new TypeError(`${context} is not of type 'MediaStream'`);
}

function toOfferOptions(v: unknown): RTCOfferOptions {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) throw new TypeError("Failed to execute 'createOffer': parameter 1 is not an object");
  const o = v as Record<string, unknown>;
  const out: RTCOfferOptions = { iceRestart: o.iceRestart === undefined ? false : toBoolean(o.iceRestart) };
  if (o.offerToReceiveAudio !== undefined) out.offerToReceiveAudio = toBoolean(o.offerToReceiveAudio);
  if (o.offerToReceiveVideo !== undefined) out.offerToReceiveVideo = toBoolean(o.offerToReceiveVideo);
  return out;
}

function toTransceiverInit(v: unknown): { direction: Direction; streams: StreamLike[]; sendEncodings: RtcRtpEncodingParameters[] } {
  if (v !== undefined && v !== null && !isObject(v)) throw new TypeError("Failed to execute 'addTransceiver': parameter 2 is not an object");
  const o = (v ?? {}) as Record<string, unknown>;
  const direction = o.direction === undefined ? 'sendrecv' : toEnum(o.direction, DIRECTIONS, 'direction', 'RTCRtpTransceiverDirection');
  const sendEncodings = o.sendEncodings === undefined ? [] : toSequence(o.sendEncodings, toEncoding, 'sendEncodings');
  const streams = o.streams === undefined ? [] : toSequence(o.streams, (s, c) => (checkStream(s, c), s as StreamLike), 'streams');
  // 'stopped' is a valid enum value but not a valid initial direction.
  if (direction === 'stopped') throw new TypeError("Failed to execute 'addTransceiver': direction 'stopped' is not allowed");
  return { direction, streams, sendEncodings };
}

const READ_ONLY_ENCODING_MEMBERS = ['ssrc', 'rtx', 'fec', 'codecPayloadType'];

function toEncoding(v: unknown, context: string): RtcRtpEncodingParameters {
  if (v !== undefined && v !== null && !isObject(v)) throw new TypeError(`${context}: is not an object`);
  const o = (v ?? {}) as Record<string, unknown>;
  const e: RtcRtpEncodingParameters = { active: o.active === undefined ? true : toBoolean(o.active) };
  if (o.rid !== undefined) e.rid = toDOMString(o.rid);
  if (o.maxBitrate !== undefined) e.maxBitrate = Number(o.maxBitrate);
  if (o.maxFramerate !== undefined) e.maxFramerate = Number(o.maxFramerate);
  if (o.scaleResolutionDownBy !== undefined) {
    const n = Number(o.scaleResolutionDownBy);
    if (!Number.isFinite(n)) throw new TypeError(`${context}.scaleResolutionDownBy: is not a finite number`);
    e.scaleResolutionDownBy = n;
  }
  if (o.priority !== undefined) e.priority = toEnum(o.priority, ['very-low', 'low', 'medium', 'high'], `${context}.priority`);
  if (o.networkPriority !== undefined) e.networkPriority = toEnum(o.networkPriority, ['very-low', 'low', 'medium', 'high'], `${context}.networkPriority`);
  if (o.scalabilityMode !== undefined) e.scalabilityMode = toDOMString(o.scalabilityMode);
  if (o.codec !== undefined) e.codec = o.codec as never;
  for (const k of READ_ONLY_ENCODING_MEMBERS) if (o[k] !== undefined) e[k] = o[k];
  return e;
}

/** addTransceiver's sendEncodings validation steps (webrtc-pc §5.1). */
function validateSendEncodings(encodings: RtcRtpEncodingParameters[], kind: MediaKind): RtcRtpEncodingParameters[] {
  // RFC 8851 §10: rid-syntax = 1*(alpha-numeric / "-" / "_"), at most 16 characters in practice.
  const withRid = encodings.filter((e) => e.rid !== undefined);
  for (const e of withRid) {
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(e.rid!)) throw new TypeError(`Invalid rid '${e.rid}'`);
  }
  if (withRid.length > 0 && withRid.length !== encodings.length) throw new TypeError('Some but not all encodings have a rid');
  if (new Set(withRid.map((e) => e.rid)).size !== withRid.length) throw new TypeError('Duplicate rid');
  for (const e of encodings) {
    for (const k of READ_ONLY_ENCODING_MEMBERS) if (e[k] !== undefined) throw domException('InvalidAccessError', `${k} is read-only`);
  }
  const caps = capabilities(kind).codecs;
  for (const e of encodings) {
    if (e.codec !== undefined && !caps.some((c) => codecDictionaryMatch(c, e.codec!))) throw domException('OperationError', 'encoding codec is not supported');
  }
  let out = encodings.map((e) => ({ ...e }));
  if (kind === 'audio') {
    for (const e of out) {
      delete e.scaleResolutionDownBy;
      delete e.maxFramerate;
    }
  }
  for (const e of out) {
    if (e.scaleResolutionDownBy !== undefined && e.scaleResolutionDownBy < 1) throw new RangeError('scaleResolutionDownBy must be >= 1.0');
    if (e.maxFramerate !== undefined && !(e.maxFramerate > 0)) throw new RangeError('maxFramerate must be > 0');
  }
  const maxN = kind === 'video' ? 4 : 1;
  if (out.some((e) => e.scaleResolutionDownBy !== undefined)) {
    for (const e of out) if (e.scaleResolutionDownBy === undefined) e.scaleResolutionDownBy = 1;
  }
  if (out.length > maxN) out = out.slice(0, maxN);
  if (kind === 'video' && !out.some((e) => e.scaleResolutionDownBy !== undefined)) {
    out.forEach((e, i) => (e.scaleResolutionDownBy = 2 ** (out.length - i - 1)));
  }
  if (out.length === 1) delete out[0]!.rid;
  return out;
}

function toDataChannelInit(v: unknown): {
  ordered: boolean;
  maxPacketLifeTime?: number;
  maxRetransmits?: number;
  protocol: string;
  negotiated: boolean;
  id?: number;
} {
  if (v !== undefined && v !== null && !isObject(v)) throw new TypeError("Failed to execute 'createDataChannel': parameter 2 is not an object");
  const o = (v ?? {}) as Record<string, unknown>;
  // WebIDL dictionary members in lexicographic order; [EnforceRange] unsigned short.
  const out: ReturnType<typeof toDataChannelInit> = { ordered: true, protocol: '', negotiated: false };
  if (o.id !== undefined) out.id = toUnsignedShort(o.id, 'id', 'enforceRange');
  if (o.maxPacketLifeTime !== undefined) out.maxPacketLifeTime = toUnsignedShort(o.maxPacketLifeTime, 'maxPacketLifeTime', 'enforceRange');
  if (o.maxRetransmits !== undefined) out.maxRetransmits = toUnsignedShort(o.maxRetransmits, 'maxRetransmits', 'enforceRange');
  if (o.negotiated !== undefined) out.negotiated = toBoolean(o.negotiated);
  if (o.ordered !== undefined) out.ordered = toBoolean(o.ordered);
  if (o.protocol !== undefined) out.protocol = toUSVString(o.protocol, 'protocol');
  return out;
}

