/**
 * PeerTransport: the sans-IO composite below RTCPeerConnection. One ICE agent
 * (the bundled transport), one DTLS endpoint over it, one SCTP association
 * with its DataChannelManager over DTLS application data (RFC 8261), and the
 * SRTP contexts keyed from the DTLS exporter (RFC 5764 §4.2).
 *
 * ```
 *   user calls ──► DataChannelManager / Association (SCTP, RFC 9260, 8831, 8832)
 *                        │ packets ▲ DTLS application data
 *                        ▼         │
 *   sendRtp/Rtcp ─► SRTP ─┐    DtlsEndpoint (RFC 6347) ◄── a=fingerprint, a=setup
 *                         ▼        │ records ▲
 *                       IceAgent (RFC 8445: checks, consent, the selected pair)
 *                         │ Transmit{from,to} ▲ handle(now, bytes, from, local)
 *                         ▼                   │
 *                      the driver (sockets, clock, one timer)
 * ```
 *
 * Like every core it is driven by `handle`, `handleTimeout` and user calls,
 * and drained with `pollTransmit`, `pollEvent` and `pollTimeout`. Internally,
 * after every input it runs {@link PeerTransport.pump}, which drains its
 * children in a fixed order (written down there) into its own two queues.
 *
 * Receive path: every datagram is classified by its first byte (RFC 7983,
 * `demux.ts`). STUN and TURN ChannelData go to the ICE agent; DTLS and
 * SRTP/SRTCP also go through the agent first, which accepts them only from a
 * remote address with a valid pair (RFC 8445 §11.1, and the liveness that
 * drives `disconnected`) and hands them back as `data` events, also what
 * arrives through a TURN relay. Those are classified again: 20-63 to DTLS,
 * 128-191 to SRTP (RTCP by its packet type, RFC 5761 §4); everything else is
 * dropped and counted.
 */
import type { Address, Components, Logger, Transmit } from '@purertc/common';
import { silentLogger, StateError } from '@purertc/common';
import { certificateFingerprint, DtlsEndpoint } from '@purertc/dtls';
import type { CertificateFingerprint, DtlsEndpointOptions, DtlsError } from '@purertc/dtls';
import { IceAgent } from '@purertc/ice';
import type { CandidatePairInfo, IceAgentOptions, IceCandidate, IceGathererState, IceRole, IceTransportState } from '@purertc/ice';
import type { IceCandidateErrorData } from '@purertc/ice';
import { Association, DataChannelManager, Deque } from '@purertc/sctp';
import type { AssociationOptions, DataChannel, ProbePadding } from '@purertc/sctp';
import { SrtpContext } from '@purertc/srtp';
import { classifyDatagram } from './demux.js';
import { isLoopbackPair, LOOPBACK_SCTP_PACKET, UNSTATED_LOOPBACK_SCTP_PACKET } from './path-mtu.js';
import {
  aggregateConnectionState,
  aggregateGatheringState,
  aggregateIceConnectionState,
  type RTCDtlsTransportState,
  type RTCIceConnectionState,
  type RTCIceGatheringState,
  type RTCPeerConnectionState,
  type RTCSctpTransportState,
} from './states.js';
import { TransportChannel } from './transport-channel.js';
import type { DataChannelInit } from '@purertc/sctp';

/** Options of a {@link PeerTransport}. */
export interface PeerTransportOptions {
  components: Components;
  /** Our DTLS certificate (DER) and PKCS#8 private key. */
  certificate: { certificateDer: Uint8Array; privateKeyPkcs8: Uint8Array };
  /** ICE role: the offerer is controlling (RFC 8445 §6.1.1). */
  controlling: boolean;
  /** The DTLS role if already known (else {@link PeerTransport.setRemoteParameters} gives it). */
  dtlsRole?: 'client' | 'server';
  /** Everything else of the ICE agent (servers, policy, interfaces, bind, timers). */
  ice?: Omit<IceAgentOptions, 'components' | 'controlling'>;
  /** DTLS options beyond role, certificate and fingerprints (cipher suites, SRTP profiles, MTU, timers). */
  dtls?: Omit<DtlsEndpointOptions, 'role' | 'certificate' | 'remoteFingerprints'>;
  /** SCTP association options (ports from a=sctp-port, MTU, buffers). */
  sctp?: Partial<AssociationOptions>;
  /**
   * Larger SCTP packets on a loopback path (path-mtu.ts, RFC 8899). When the
   * selected pair is host-to-host on loopback, by default (undefined) the
   * association probes one full DTLS record (16384 bytes) if the peer's DTLS
   * negotiated record_size_limit 16384 (RFC 8449; purertc does), or its
   * stated limit if smaller. A peer that stated nothing (Chromium/BoringSSL,
   * OpenSSL and werift never send the extension) is probed at 2048 bytes
   * only, the most libwebrtc's DTLS takes (it fails its connection on a
   * larger record instead of dropping it), with a probe padded by a second
   * HEARTBEAT rather than a PAD chunk (werift's SCTP throws on PAD).
   * `true` probes a full record with PAD whatever the peer said (a peer
   * known to take them); `false` never probes.
   */
  loopbackPathMtu?: boolean;
  /** Create the SCTP transport (an m=application section is negotiated). Default true. */
  sctpEnabled?: boolean;
  /** Our a=max-message-size (RFC 8841); default 262144. */
  localMaxMessageSize?: number;
  /** Early DTLS datagrams held while the DTLS role is unknown (default 16). */
  maxEarlyDtls?: number;
}

/** What the remote description tells the transport. */
export interface RemoteTransportParameters {
  /** a=ice-ufrag / a=ice-pwd; a new ufrag is an ICE restart by the peer. */
  iceUfrag?: string;
  icePwd?: string;
  /** a=fingerprint lines (DTLS fails on a mismatch, RFC 8842 §5.1). */
  fingerprints?: readonly CertificateFingerprint[];
  /** Our DTLS role, from a=setup (see `dtlsRoleFromSetup`). Fixed once set. */
  dtlsRole?: 'client' | 'server';
  /** The peer's a=max-message-size (RFC 8841 §6.1: 65536 when absent, 0 = no limit). */
  maxMessageSize?: number;
}

/** Counters of the composite (the children keep their own). */
export interface PeerTransportCounters {
  /** Datagrams whose first byte falls outside every RFC 7983 range we use. */
  droppedUnknown: number;
  /** DTLS datagrams dropped because the role was unknown and the early buffer was full. */
  droppedEarlyDtls: number;
  /** SRTP/SRTCP dropped: no SRTP context (no DTLS-SRTP yet), or failed unprotect. */
  droppedSrtp: number;
  /** Outgoing datagrams dropped because ICE had no selected pair. */
  droppedNoPair: number;
  /** SCTP packets larger than the peer's DTLS record_size_limit (RFC 8449): not sendable, dropped. */
  droppedOversize: number;
  datagramsIn: number;
  datagramsOut: number;
}

/** Events drained with {@link PeerTransport.pollEvent}. */
export type PeerTransportEvent =
  | { type: 'ice-candidate'; candidate: IceCandidate }
  | { type: 'ice-end-of-candidates' }
  | { type: 'ice-candidate-error'; error: IceCandidateErrorData }
  | { type: 'ice-gathering-state'; state: IceGathererState }
  /** The aggregate RTCIceGatheringState (fires after the transport's). */
  | { type: 'gathering-state'; state: RTCIceGatheringState }
  | { type: 'ice-state'; state: IceTransportState }
  | { type: 'ice-selected-pair'; pair: CandidatePairInfo }
  | { type: 'ice-role'; role: IceRole }
  | { type: 'ice-mdns-query'; hostname: string }
  | { type: 'ice-connection-state'; state: RTCIceConnectionState }
  | { type: 'dtls-state'; state: RTCDtlsTransportState; error?: DtlsError }
  | { type: 'connection-state'; state: RTCPeerConnectionState }
  | { type: 'sctp-state'; state: RTCSctpTransportState }
  | { type: 'datachannel'; channel: TransportChannel }
  | { type: 'channel-open'; channel: TransportChannel }
  | { type: 'channel-message'; channel: TransportChannel; data: Uint8Array; binary: boolean }
  | { type: 'channel-buffered-amount-low'; channel: TransportChannel }
  | { type: 'channel-closing'; channel: TransportChannel }
  | { type: 'channel-closed'; channel: TransportChannel }
  | { type: 'rtp'; packet: Uint8Array }
  | { type: 'rtcp'; packet: Uint8Array };

const NO_PENDING: TransportChannel[] = [];

/** The sans-IO transport stack of one peer connection (one bundled transport). */
/** Datagrams held while no candidate pair is selected (a DTLS flight or two). */
const MAX_HELD_OUT = 16;

export class PeerTransport {
  readonly ice: IceAgent;
  /** The DTLS endpoint, once the role is known. */
  dtls: DtlsEndpoint | undefined;
  /** The SCTP association and its channels, once the role is known (and SCTP is enabled). */
  association: Association | undefined;
  channels: DataChannelManager | undefined;
  /** SRTP contexts, once DTLS-SRTP keys exist: `srtpOut` protects, `srtpIn` unprotects. */
  srtpOut: SrtpContext | undefined;
  srtpIn: SrtpContext | undefined;
  readonly counters: PeerTransportCounters = { droppedUnknown: 0, droppedEarlyDtls: 0, droppedSrtp: 0, droppedNoPair: 0, droppedOversize: 0, datagramsIn: 0, datagramsOut: 0 };
  /** Our fingerprint for a=fingerprint (sha-256). */
  readonly localFingerprint: CertificateFingerprint;

  private readonly o: PeerTransportOptions;
  private readonly log: Logger;
  private now = 0;
  private readonly transmits = new Deque<Transmit>();
  private readonly events = new Deque<PeerTransportEvent>();
  private dtlsRole: 'client' | 'server' | undefined;
  private remoteFingerprints: readonly CertificateFingerprint[] | undefined;
  private remoteMaxMessageSize = 65536;
  private earlyDtls: { data: Uint8Array; from: Address }[] = [];
  /** Outbound datagrams waiting for a selected pair (see sendOut). */
  private readonly heldOut: Uint8Array[] = [];
  private dtlsStarted = false;
  /** The inputs updateAggregates last saw. */
  private aggGatherer: unknown;
  private aggIce: unknown;
  private aggDtls: unknown;
  private aggClosing = false;
  /** The selected pair is host-to-host on loopback (path-mtu.ts). */
  private loopbackPair = false;
  /** The packet size probed for the current path, 0 for none (see updatePathMtu). */
  private probedSize = 0;
  /** Messages were queued by sendData and not yet packetized (see pollTransmit). */
  private outboundPending = false;
  private closedFlag = false;
  /** close() has begun ([[IsClosed]]). */
  private closing = false;
  /** Channels created before the DTLS role (and so the id parity) was known. */
  private pending: TransportChannel[] = NO_PENDING;
  private readonly byId = new Map<number, TransportChannel>();
  private remoteCert: Uint8Array | undefined;

  // The states the W3C objects expose, recomputed from facts after every pump.
  private iceStateValue: IceTransportState = 'new';
  private gathererState: IceGathererState = 'new';
  private gatheringStateValue: RTCIceGatheringState = 'new';
  private dtlsStateValue: RTCDtlsTransportState = 'new';
  private sctpStateValue: RTCSctpTransportState | undefined;
  private iceConnValue: RTCIceConnectionState = 'new';
  private connValue: RTCPeerConnectionState = 'new';
  private dtlsError: DtlsError | undefined;

  constructor(options: PeerTransportOptions) {
    this.o = options;
    this.log = options.components.log ?? silentLogger;
    // copyData false: the agent's `data` events are views of the datagram passed to handle(); they
    // are drained within that call (pump), DTLS and SRTP copy what they keep, and so does earlyDtls.
    this.ice = new IceAgent({ ...options.ice, components: options.components, controlling: options.controlling, copyData: false });
    this.localFingerprint = certificateFingerprint(options.certificate.certificateDer, 'sha-256', options.components.crypto);
    if (options.dtlsRole) this.setDtlsRole(options.dtlsRole);
  }

  // ───────────────────────────── accessors (W3C states) ─────────────────────────────

  /** RTCIceTransport.state. */
  get iceState(): IceTransportState {
    return this.iceStateValue;
  }
  /** RTCIceTransport.gatheringState. */
  get iceGathererState(): IceGathererState {
    return this.gathererState;
  }
  /** RTCPeerConnection.iceGatheringState. */
  get iceGatheringState(): RTCIceGatheringState {
    return this.gatheringStateValue;
  }
  /** RTCPeerConnection.iceConnectionState. */
  get iceConnectionState(): RTCIceConnectionState {
    return this.iceConnValue;
  }
  /** RTCDtlsTransport.state. */
  get dtlsState(): RTCDtlsTransportState {
    return this.dtlsStateValue;
  }
  /** RTCSctpTransport.state, or undefined while there is no SCTP transport. */
  get sctpState(): RTCSctpTransportState | undefined {
    return this.sctpStateValue;
  }
  /** RTCPeerConnection.connectionState. */
  get connectionState(): RTCPeerConnectionState {
    return this.connValue;
  }
  /** The DTLS role, once known. */
  get role(): 'client' | 'server' | undefined {
    return this.dtlsRole;
  }
  /** The error that failed DTLS (RTCDtlsTransport's `error` event). */
  get dtlsFailure(): DtlsError | undefined {
    return this.dtlsError;
  }
  /** The peer's certificate (DER) once DTLS is connected (getRemoteCertificates()). */
  get remoteCertificate(): Uint8Array | undefined {
    return this.remoteCert;
  }
  /** Our ICE credentials for a=ice-ufrag / a=ice-pwd. */
  get localIceParameters(): { usernameFragment: string; password: string } {
    const c = this.ice.localCredentials;
    return { usernameFragment: c.ufrag, password: c.pwd };
  }
  /** RTCSctpTransport.maxMessageSize (webrtc-pc §6.1.1.1): the smaller limit, 0 meaning none. */
  get maxMessageSize(): number {
    const local = this.o.localMaxMessageSize ?? 262144;
    const remote = this.remoteMaxMessageSize;
    if (local === 0) return remote === 0 ? Number.POSITIVE_INFINITY : remote;
    if (remote === 0) return local;
    return Math.min(local, remote);
  }
  /** RTCSctpTransport.maxChannels: the negotiated stream count once connected. */
  get maxChannels(): number | null {
    const a = this.association;
    if (!a || a.state !== 'established') return null;
    return Math.min(a.outboundStreams, a.inboundStreams);
  }
  /** A channel by stream id. */
  channel(id: number): TransportChannel | undefined {
    return this.byId.get(id);
  }

  // ───────────────────────────── the sans-IO surface ─────────────────────────────

  /** Starts gathering local candidates (setLocalDescription). */
  startGathering(now: number): void {
    this.tick(now);
    if (this.closedFlag) return;
    this.ice.gather(this.now);
    this.pump();
  }

  /** Applies what a remote description says (setRemoteDescription). */
  setRemoteParameters(now: number, p: RemoteTransportParameters): void {
    this.tick(now);
    if (this.closedFlag) return;
    if (p.maxMessageSize !== undefined) {
      this.remoteMaxMessageSize = p.maxMessageSize;
      if (this.channels) this.channels.remoteMaxMessageSize = p.maxMessageSize;
    }
    if (p.dtlsRole && !this.dtlsRole) this.setDtlsRole(p.dtlsRole);
    if (p.fingerprints) {
      this.remoteFingerprints = p.fingerprints;
      this.dtls?.setRemoteFingerprints(p.fingerprints);
    }
    if (p.iceUfrag !== undefined && p.icePwd !== undefined) this.ice.setRemoteCredentials(this.now, p.iceUfrag, p.icePwd);
    this.maybeStartDtls();
    this.pump();
  }

  /** A remote candidate (addIceCandidate). */
  addRemoteCandidate(now: number, candidate: IceCandidate): void {
    this.tick(now);
    if (this.closedFlag) return;
    this.ice.addRemoteCandidate(this.now, candidate);
    this.pump();
  }

  /** The peer's end-of-candidates (addIceCandidate with an empty candidate). */
  addRemoteEndOfCandidates(now: number): void {
    this.tick(now);
    if (this.closedFlag) return;
    this.ice.addRemoteEndOfCandidates(this.now);
    this.pump();
  }

  /** Answers an `ice-mdns-query`. */
  resolveMdns(now: number, hostname: string, address: string | undefined): void {
    this.tick(now);
    if (this.closedFlag) return;
    this.ice.resolveMdns(this.now, hostname, address);
    this.pump();
  }

  /**
   * restartIce(): new local credentials (`ufrag`/`pwd` when the caller already
   * put them in an offer, else random); the peer's new ones come with the
   * next remote description.
   */
  restartIce(now: number, ufrag?: string, pwd?: string): void {
    this.tick(now);
    if (this.closedFlag) return;
    this.ice.restart(this.now, ufrag, pwd);
    this.pump();
  }

  /**
   * A datagram arrived from `from` on the local socket `local`. The bytes
   * are borrowed for the call only. Never throws on network input.
   */
  handle(now: number, data: Uint8Array, from: Address, local?: Address): void {
    this.tick(now);
    if (this.closedFlag) return;
    this.counters.datagramsIn++;
    // RFC 7983 §7: everything we speak goes through the agent first (see the file comment);
    // ranges we do not speak (ZRTP 16-19, 4-15, 80-127, 192-255) stop here.
    if (classifyDatagram(data) === 'unknown') {
      this.counters.droppedUnknown++;
      return;
    }
    this.ice.handle(this.now, data, from, local);
    this.pump();
  }

  /** Time passes: fires the children whose deadline is due. */
  handleTimeout(now: number): void {
    this.tick(now);
    if (this.closedFlag) return;
    const t = this.now;
    const it = this.ice.pollTimeout();
    if (it !== undefined && it <= t) this.ice.handleTimeout(t);
    const dt = this.dtls?.pollTimeout();
    if (dt !== undefined && dt <= t) this.dtls!.handleTimeout(t);
    const st = this.channels?.pollTimeout();
    if (st !== undefined && st <= t) this.channels!.handleTimeout(t);
    this.pump();
  }

  /** The next datagram to send, with the local socket (`from`) and the remote address (`to`). */
  pollTransmit(): Transmit | undefined {
    if (this.outboundPending && this.transmits.length === 0) this.pump();
    return this.transmits.shift();
  }

  /** The next event. */
  pollEvent(): PeerTransportEvent | undefined {
    return this.events.shift();
  }

  /** The earliest deadline of the children (absolute ms), or undefined. */
  pollTimeout(): number | undefined {
    if (this.closedFlag) return undefined;
    if (this.outboundPending) this.pump(); // building packets arms SCTP's T3

    let t = this.ice.pollTimeout() ?? Infinity;
    const dt = this.dtls?.pollTimeout();
    if (dt !== undefined && dt < t) t = dt;
    const st = this.channels?.pollTimeout();
    if (st !== undefined && st < t) t = st;
    return t === Infinity ? undefined : t;
  }

  // ───────────────────────────── data channels ─────────────────────────────

  /**
   * Creates a data channel. In-band channels without an `id` get one when
   * the DTLS role is known (even for the client, odd for the server, RFC 8832
   * §6); they open once SCTP is up.
   */
  createDataChannel(now: number, init: DataChannelInit = {}): TransportChannel {
    this.tick(now);
    const ch = new TransportChannel(init, init.id ?? null);
    if (this.closedFlag) {
      ch.state = 'closed';
      return ch;
    }
    if (this.channels) this.register(ch);
    else {
      if (this.pending === NO_PENDING) this.pending = [];
      this.pending.push(ch);
    }
    this.pump();
    return ch;
  }

  /**
   * Sends a message (string as UTF-8, bytes as binary). Throws a StateError
   * when the channel is not open and a MessageTooLargeError above the remote
   * max-message-size. Bytes are not copied: do not modify them afterwards.
   */
  sendData(now: number, ch: TransportChannel, data: Uint8Array | string): void {
    this.tick(now);
    if (!this.channels || ch.id === null || ch.state !== 'open') {
      throw new StateError(`data channel ${ch.id ?? ch.label} is not open (${ch.state})`);
    }
    this.channels.send(ch.id, data, this.now);
    // No pump here: the packets are built when the driver drains (pollTransmit), so a burst
    // of sends in one turn is bundled into full SCTP packets instead of one packet each.
    this.outboundPending = true;
  }

  /** Bytes queued on the channel and not yet handed to the network (bufferedAmount). */
  bufferedAmount(ch: TransportChannel): number {
    return this.channels && ch.id !== null ? this.channels.bufferedAmount(ch.id) : 0;
  }

  /** Sets the channel's bufferedAmountLowThreshold. */
  setBufferedAmountLowThreshold(ch: TransportChannel, bytes: number): void {
    if (this.channels && ch.id !== null) this.channels.setBufferedAmountLowThreshold(ch.id, bytes);
  }

  /** Closes a channel (RFC 8831 §6.7: pending messages go first, then the stream reset). */
  closeDataChannel(now: number, ch: TransportChannel): void {
    this.tick(now);
    if (ch.state === 'closing' || ch.state === 'closed') return;
    if (!this.channels || ch.id === null || !this.byId.has(ch.id)) {
      this.pending = this.pending.filter((p) => p !== ch);
      ch.state = 'closing';
      this.events.push({ type: 'channel-closing', channel: ch });
      this.finishChannel(ch);
      return;
    }
    this.channels.close(ch.id);
    this.pump();
  }

  // ───────────────────────────── media ─────────────────────────────

  /** Protects and sends an RTP packet; false when SRTP is not keyed yet or no pair is selected. */
  sendRtp(now: number, packet: Uint8Array): boolean {
    this.tick(now);
    if (!this.srtpOut || this.closedFlag) return false;
    const ok = this.sendOut(this.srtpOut.protectRtp(packet));
    this.pump();
    return ok;
  }

  /** Protects and sends an RTCP compound packet. */
  sendRtcp(now: number, packet: Uint8Array): boolean {
    this.tick(now);
    if (!this.srtpOut || this.closedFlag) return false;
    const ok = this.sendOut(this.srtpOut.protectRtcp(packet));
    this.pump();
    return ok;
  }

  // ───────────────────────────── close ─────────────────────────────

  /**
   * Tears everything down (RTCPeerConnection.close()): SCTP ABORT, DTLS
   * close_notify, both still sent over the selected pair, then the ICE agent
   * (TURN allocations released). Every state goes to `closed`; no deadline
   * remains. Idempotent.
   */
  close(now: number): void {
    this.tick(now);
    if (this.closedFlag) return;
    // [[IsClosed]] first (webrtc-pc §4.4.1.6 close()): the aggregates go straight to `closed`,
    // never through `new` while the children shut down.
    this.closing = true;
    if (this.association && this.association.state !== 'closed') this.association.abort('peer connection closed', this.now);
    this.pump();
    if (this.dtls) this.dtls.close('peer connection closed');
    this.pump();
    this.ice.close(this.now);
    this.pump();
    for (const ch of [...this.byId.values(), ...this.pending]) this.finishChannel(ch);
    this.pending = NO_PENDING;
    this.closedFlag = true;
    this.setDtlsState('closed');
    if (this.sctpStateValue !== undefined) this.setSctpState('closed');
    this.updateAggregates();
  }

  /** True after {@link close}. */
  get closed(): boolean {
    return this.closedFlag;
  }

  // ───────────────────────────── internals ─────────────────────────────

  private tick(now: number): void {
    if (now > this.now) this.now = now; // time never goes backwards inside the core
  }

  private setDtlsRole(role: 'client' | 'server'): void {
    this.dtlsRole = role;
    this.dtls = new DtlsEndpoint(
      { ...this.o.dtls, role, certificate: this.o.certificate, ...(this.remoteFingerprints ? { remoteFingerprints: this.remoteFingerprints } : {}) },
      this.o.components,
    );
    if (this.o.sctpEnabled !== false) {
      // RFC 9653: DTLS authenticates every SCTP packet, so offer zero checksum
      // (used only when the peer accepts it too; a caller's option wins).
      // retainPackets: each DTLS `data` payload is a fresh decrypted record, handed over.
      this.association = new Association(this.o.components, { zeroChecksum: true, retainPackets: true, ...this.o.sctp });
      this.updatePathMtu();
      this.channels = new DataChannelManager(this.association, {
        role,
        localMaxMessageSize: this.o.localMaxMessageSize ?? 262144,
        remoteMaxMessageSize: this.remoteMaxMessageSize,
      });
      this.setSctpState('connecting');
      const pending = this.pending;
      this.pending = NO_PENDING;
      for (const ch of pending) this.register(ch);
    }
    // Datagrams that came before we knew who we are.
    const early = this.earlyDtls;
    this.earlyDtls = [];
    for (const d of early) this.deliverDtls(d.data, d.from);
  }

  /** Gives a channel its SCTP stream (and id); on failure the channel closes with an error. */
  private register(ch: TransportChannel): void {
    try {
      const dc = this.channels!.createChannel(ch.toInit());
      ch.id = dc.id;
      this.byId.set(dc.id, ch);
      if (dc.state === 'open') this.openChannel(ch);
    } catch (e) {
      ch.error = e as Error;
      ch.state = 'closing';
      this.events.push({ type: 'channel-closing', channel: ch });
      this.finishChannel(ch);
    }
  }

  private openChannel(ch: TransportChannel): void {
    if (ch.state !== 'connecting') return;
    ch.state = 'open';
    this.events.push({ type: 'channel-open', channel: ch });
  }

  private finishChannel(ch: TransportChannel): void {
    if (ch.state === 'closed') return;
    ch.state = 'closed';
    if (ch.id !== null && this.byId.get(ch.id) === ch) this.byId.delete(ch.id);
    this.events.push({ type: 'channel-closed', channel: ch });
  }

  /** The selected pair changed: the packet size follows the path (see updatePathMtu). */
  private onPathChange(pair: CandidatePairInfo): void {
    this.loopbackPair = isLoopbackPair(pair);
    this.updatePathMtu();
  }

  /**
   * SCTP packet size for the selected path (RFC 8261 §5, RFC 8899). A pair of
   * host candidates on loopback crosses no link with an MTU below the
   * loopback interface's 64 KiB and cannot be IP-fragmented, so there the
   * association probes larger packets, as large as the peer takes (see
   * {@link PeerTransportOptions.loopbackPathMtu}): one full DTLS record
   * (16384 bytes of plaintext, RFC 6347 §4.1) when its DTLS negotiated
   * record_size_limit 16384 (RFC 8449), 2048 bytes when it stated nothing.
   * The probe still has to be acknowledged by the peer before the size is
   * used. Any other path uses the configured size (1200 bytes by default).
   * Called when the pair changes, when the association is created and when
   * DTLS connects (the peer's limit is known from then on).
   */
  private updatePathMtu(): void {
    const a = this.association;
    if (!a) return;
    const probe = this.loopbackPair ? this.loopbackProbe() : undefined;
    const size = probe?.size ?? 0;
    if (size === this.probedSize) return;
    this.probedSize = size;
    if (probe) a.probePathMtu(probe.size, probe.padding);
    else a.resetPathMtu();
  }

  /** The SCTP packet size to probe on a loopback pair and the probe's padding; undefined for none (see updatePathMtu). */
  private loopbackProbe(): { size: number; padding: ProbePadding } | undefined {
    const mode = this.o.loopbackPathMtu;
    if (mode === false) return undefined;
    if (mode === true) return { size: LOOPBACK_SCTP_PACKET, padding: 'pad-chunk' };
    const dtls = this.dtls;
    if (!dtls || !dtls.connected) return undefined; // the peer's record_size_limit is not known yet
    const stated = dtls.peerRecordSizeLimit;
    // A peer that stated a record size limit is a modern DTLS stack: RFC 8899's PAD-chunk probe.
    if (stated !== undefined) return { size: Math.min(stated, LOOPBACK_SCTP_PACKET), padding: 'pad-chunk' };
    // A peer that stated nothing gets 2048 bytes at most (libwebrtc fails its DTLS connection on a
    // larger record) and a HEARTBEAT-padded probe (werift's SCTP throws on PAD): path-mtu.ts.
    return { size: UNSTATED_LOOPBACK_SCTP_PACKET, padding: 'heartbeat' };
  }

  /** DTLS starts once ICE has a selected pair (RFC 8842 §5: the active side sends ClientHello). */
  private maybeStartDtls(): void {
    if (this.dtlsStarted || !this.dtls) return;
    const s = this.iceStateValue;
    if (s !== 'connected' && s !== 'completed') return;
    this.dtlsStarted = true;
    this.dtls.start(this.now);
    this.setDtlsState('connecting');
  }

  /**
   * DTLS over ICE is bound to the ICE transport, not to a 5-tuple (RFC 8445 §12.2: media
   * arrives on any valid pair):
   * the selected pair may change during the handshake (a browser switches pairs when our
   * nomination lands between its ClientHello and its ClientHello with the cookie). So the
   * server's stateless cookie (RFC 6347 §4.2.1) is not bound to the sender's address here: a
   * cookie issued for one candidate would fail when it returns from another, the browser would
   * get a second HelloVerifyRequest and abort the handshake. The cookie's purpose (no state
   * and no amplification towards an unverified address) already holds: the agent accepts data
   * only from a valid pair, and flight 2 goes out on the selected pair, not to `from`.
   */
  private deliverDtls(data: Uint8Array, from: Address): void {
    if (!this.dtls) {
      if (this.earlyDtls.length >= (this.o.maxEarlyDtls ?? 16)) this.counters.droppedEarlyDtls++;
      else this.earlyDtls.push({ data: data.slice(), from }); // a view of the caller's datagram: copied
      return;
    }
    // A ClientHello may come before our ICE agent reports `connected` (the peer's side of the
    // checks finished first): the handshake is under way all the same.
    if (!this.dtlsStarted) {
      this.dtlsStarted = true;
      this.dtls.start(this.now);
      this.setDtlsState('connecting');
    }
    this.dtls.handle(this.now, data);
  }

  private deliverMedia(kind: 'rtp' | 'rtcp', data: Uint8Array): void {
    const ctx = this.srtpIn;
    if (!ctx) {
      this.counters.droppedSrtp++;
      return;
    }
    const plain = kind === 'rtp' ? ctx.unprotectRtp(data) : ctx.unprotectRtcp(data);
    if (!plain) {
      this.counters.droppedSrtp++;
      return;
    }
    this.events.push(kind === 'rtp' ? { type: 'rtp', packet: plain } : { type: 'rtcp', packet: plain });
  }

  /**
   * Sends on the selected pair. Before one is selected, datagrams are held
   * (at most {@link MAX_HELD_OUT}) and flushed when the agent selects a pair:
   * a peer that validated its pair first and started DTLS (libdatachannel
   * does, before our answer arrives) would otherwise lose our
   * HelloVerifyRequest and wait a whole DTLS retransmission timeout (1 s).
   */
  private sendOut(data: Uint8Array): boolean {
    if (this.ice.send(this.now, data)) return true;
    if (!this.closing && this.heldOut.length < MAX_HELD_OUT) {
      this.heldOut.push(data.slice()); // the caller may reuse its buffer
      return true;
    }
    this.counters.droppedNoPair++;
    return false;
  }

  /** Sends what {@link sendOut} held, in order, once a pair is selected. */
  private flushHeldOut(): void {
    const held = this.heldOut.splice(0);
    for (const d of held) if (!this.ice.send(this.now, d)) this.counters.droppedNoPair++;
  }

  /**
   * The drain order, after every input:
   *
   * 1. ICE events. `data` (DTLS records, SRTP) is demultiplexed by its first
   *    byte and fed to DTLS / SRTP, so that step 2 sees what it caused; state
   *    changes start DTLS once a pair is selected.
   * 2. DTLS events. `connected` keys SRTP and starts SCTP (INIT); `data`
   *    feeds the SCTP association, so step 3 sees what it caused; `error` and
   *    `closed` end DTLS and, with it, SCTP.
   * 3. SCTP / data channel events (opens, messages, closes, buffered-amount-low).
   * 4. Outbound, top to bottom: SCTP packets become DTLS records (step 4a),
   *    DTLS records (handshake flights, alerts, application data) become ICE
   *    sends (4b), and the agent's datagrams (checks, responses, data on the
   *    selected pair, TURN) join our transmit queue (4c). Each layer is
   *    drained before the one below it, so a burst of SCTP packets leaves in
   *    the order it was made.
   * 5. Aggregate states (RTCIceConnectionState, RTCPeerConnectionState) are
   *    recomputed from the children's states, after the transport-level
   *    events they derive from, as webrtc-pc §5.6 / §4.4.3 order them.
   *
   * Steps 1-3 repeat while a step fed another (a DTLS `connected` while
   * SCTP packets were already waiting, for instance) — at most a few rounds,
   * as nothing loops back up.
   */
  private pump(): void {
    this.outboundPending = false;
    for (let round = 0; round < 4; round++) {
      let progressed = false;
      // 1. ICE events
      for (let e = this.ice.pollEvent(); e; e = this.ice.pollEvent()) {
        progressed = true;
        this.onIceEvent(e);
      }
      // 2. DTLS events
      if (this.dtls) {
        for (let e = this.dtls.pollEvent(); e; e = this.dtls.pollEvent()) {
          progressed = true;
          this.onDtlsEvent(e);
        }
      }
      // 3. SCTP events
      if (this.channels) {
        for (let e = this.channels.pollEvent(); e; e = this.channels.pollEvent()) {
          progressed = true;
          this.onChannelEvent(e);
        }
      }
      // 4a. SCTP → DTLS
      if (this.channels && this.dtls && this.dtls.connected) {
        const limit = this.dtls.maxPlaintextPerRecord;
        for (let t = this.channels.pollTransmit(); t; t = this.channels.pollTransmit()) {
          // The association is capped at the limit (limitPacketSize); only a chunk that cannot
          // be split (a control chunk above a tiny record_size_limit) can still be larger.
          if (t.data.length > limit) this.counters.droppedOversize++;
          else this.dtls.send(t.data);
        }
      }
      // 4b. DTLS → ICE
      if (this.dtls) for (let t = this.dtls.pollTransmit(); t; t = this.dtls.pollTransmit()) this.sendOut(t.data);
      // 4c. ICE → us
      for (let t = this.ice.pollTransmit(); t; t = this.ice.pollTransmit()) {
        this.counters.datagramsOut++;
        this.transmits.push(t);
      }
      if (!progressed) break;
    }
    // 5. Aggregates
    this.updateAggregates();
  }

  private onIceEvent(e: ReturnType<IceAgent['pollEvent']> & object): void {
    switch (e.type) {
      case 'data': {
        const kind = classifyDatagram(e.data);
        if (kind === 'dtls') this.deliverDtls(e.data, e.from);
        else if (kind === 'rtp' || kind === 'rtcp') this.deliverMedia(kind, e.data);
        else this.counters.droppedUnknown++;
        break;
      }
      case 'state':
        this.iceStateValue = e.state;
        this.events.push({ type: 'ice-state', state: e.state });
        this.maybeStartDtls();
        this.updateAggregates();
        break;
      case 'gathering-state':
        this.gathererState = e.state;
        this.events.push({ type: 'ice-gathering-state', state: e.state });
        this.updateAggregates();
        break;
      case 'candidate':
        this.events.push({ type: 'ice-candidate', candidate: e.candidate });
        break;
      case 'end-of-candidates':
        this.events.push({ type: 'ice-end-of-candidates' });
        break;
      case 'candidate-error':
        this.events.push({ type: 'ice-candidate-error', error: e.error });
        break;
      case 'selected-pair':
        this.events.push({ type: 'ice-selected-pair', pair: e.pair });
        this.onPathChange(e.pair);
        if (this.heldOut.length > 0) this.flushHeldOut();
        break;
      case 'role':
        this.events.push({ type: 'ice-role', role: e.role });
        break;
      case 'mdns-query':
        this.events.push({ type: 'ice-mdns-query', hostname: e.hostname });
        break;
    }
  }

  private onDtlsEvent(e: ReturnType<DtlsEndpoint['pollEvent']> & object): void {
    switch (e.type) {
      case 'connected': {
        this.remoteCert = e.peerCertificate;
        this.setDtlsState('connected');
        // RFC 8449 §4: one SCTP packet is one record, so no packet may exceed the peer's limit.
        this.association?.limitPacketSize(this.dtls!.maxPlaintextPerRecord);
        this.updatePathMtu();
        if (e.srtpProfile) {
          // RFC 5764 §4.2: client write key protects what the client sends.
          const km = this.dtls!.srtpKeyingMaterial();
          const crypto = this.o.components.crypto;
          this.srtpOut = new SrtpContext({ profile: e.srtpProfile, masterKey: km.localMasterKey, masterSalt: km.localMasterSalt, crypto });
          this.srtpIn = new SrtpContext({ profile: e.srtpProfile, masterKey: km.remoteMasterKey, masterSalt: km.remoteMasterSalt, crypto });
        }
        // RFC 8841 §10: both ends may send INIT; SCTP resolves the collision (RFC 9260 §5.2.1).
        // A peer's INIT that arrived first has already moved the association out of `closed`.
        if (this.association && this.association.state === 'closed') this.association.connect(this.now);
        break;
      }
      case 'data':
        if (this.channels) this.channels.handle(this.now, e.data);
        break;
      case 'closed':
        this.log.debug(`transport: DTLS closed (${e.reason})`);
        this.setDtlsState('closed');
        this.endSctp('DTLS closed');
        break;
      case 'error':
        this.dtlsError = e.error;
        this.log.warn(`transport: DTLS failed: ${e.error.message}`);
        this.setDtlsState('failed', e.error);
        this.endSctp('DTLS failed');
        break;
    }
  }

  /** SCTP cannot outlive its DTLS transport (webrtc-pc §6.1.4: closed when DTLS closes or fails). */
  private endSctp(reason: string): void {
    if (this.association && this.association.state !== 'closed') {
      this.association.abort(reason, this.now);
      // The ABORT cannot go anywhere now: discard it (and let the manager close every channel).
      for (let t = this.channels!.pollTransmit(); t; t = this.channels!.pollTransmit()) void t;
    }
    if (this.sctpStateValue !== undefined) this.setSctpState('closed');
  }

  private onChannelEvent(e: ReturnType<DataChannelManager['pollEvent']> & object): void {
    switch (e.type) {
      case 'channel': {
        const ch = this.remoteChannel(e.channel);
        this.events.push({ type: 'datachannel', channel: ch });
        break;
      }
      case 'open': {
        const ch = this.byId.get(e.id);
        if (ch) this.openChannel(ch);
        break;
      }
      case 'message': {
        const ch = this.byId.get(e.id);
        if (ch) this.events.push({ type: 'channel-message', channel: ch, data: e.data, binary: e.binary });
        break;
      }
      case 'buffered-amount-low': {
        const ch = this.byId.get(e.id);
        if (ch) this.events.push({ type: 'channel-buffered-amount-low', channel: ch });
        break;
      }
      case 'closing': {
        const ch = this.byId.get(e.id);
        if (ch && ch.state !== 'closing' && ch.state !== 'closed') {
          ch.state = 'closing';
          this.events.push({ type: 'channel-closing', channel: ch });
        }
        break;
      }
      case 'closed': {
        const ch = this.byId.get(e.id);
        if (ch) this.finishChannel(ch);
        break;
      }
      case 'association': {
        const ev = e.event;
        if (ev.type === 'connected') this.setSctpState('connected');
        else if (ev.type === 'closed') this.setSctpState('closed');
        break;
      }
    }
  }

  private remoteChannel(dc: DataChannel): TransportChannel {
    const init: DataChannelInit = { label: dc.label, protocol: dc.protocol, ordered: dc.ordered, priority: dc.priority };
    if (dc.maxRetransmits !== undefined) init.maxRetransmits = dc.maxRetransmits;
    if (dc.maxPacketLifeTime !== undefined) init.maxPacketLifeTime = dc.maxPacketLifeTime;
    const ch = new TransportChannel(init, dc.id);
    this.byId.set(dc.id, ch);
    return ch;
  }

  private setDtlsState(next: RTCDtlsTransportState, error?: DtlsError): void {
    const prev = this.dtlsStateValue;
    if (prev === next || prev === 'closed' || prev === 'failed') return;
    this.log.debug(`transport: dtls ${prev} -> ${next}`);
    this.dtlsStateValue = next;
    this.events.push(error ? { type: 'dtls-state', state: next, error } : { type: 'dtls-state', state: next });
    this.updateAggregates();
  }

  private setSctpState(next: RTCSctpTransportState): void {
    const prev = this.sctpStateValue;
    if (prev === next || prev === 'closed') return;
    this.log.debug(`transport: sctp ${prev ?? 'none'} -> ${next}`);
    this.sctpStateValue = next;
    this.events.push({ type: 'sctp-state', state: next });
  }

  /** Recomputes the aggregate states from the transports' (webrtc-pc §4.4.3) and queues their changes. */
  private updateAggregates(): void {
    // Recomputed only when an input changed (this runs after every input).
    const closing = this.closing;
    if (this.gathererState === this.aggGatherer && this.iceStateValue === this.aggIce && this.dtlsStateValue === this.aggDtls && closing === this.aggClosing) return;
    this.aggGatherer = this.gathererState;
    this.aggIce = this.iceStateValue;
    this.aggDtls = this.dtlsStateValue;
    this.aggClosing = closing;
    const gathering = aggregateGatheringState([this.gathererState]);
    if (gathering !== this.gatheringStateValue) {
      this.gatheringStateValue = gathering;
      this.events.push({ type: 'gathering-state', state: gathering });
    }
    const iceConn = aggregateIceConnectionState(this.closing, [this.iceStateValue]);
    if (iceConn !== this.iceConnValue) {
      this.iceConnValue = iceConn;
      this.events.push({ type: 'ice-connection-state', state: iceConn });
    }
    const conn = aggregateConnectionState(iceConn, [this.dtlsStateValue]);
    if (conn !== this.connValue) {
      this.connValue = conn;
      this.events.push({ type: 'connection-state', state: conn });
    }
  }
}
