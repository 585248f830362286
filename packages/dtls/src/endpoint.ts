/**
 * The DTLS 1.2 endpoint (RFC 6347 over RFC 5246), client or server, sans-IO.
 *
 * Flights of a full handshake with cookie exchange and mutual authentication
 * (RFC 6347 §4.2.4; WebRTC always requests the client's certificate):
 *
 *   Client                                          Server
 *   ------                                          ------
 *   ClientHello                    -------->                           Flight 1
 *
 *                                  <-------    HelloVerifyRequest      Flight 2
 *
 *   ClientHello (with cookie)      -------->                           Flight 3
 *
 *                                                     ServerHello    \
 *                                                    Certificate      |
 *                                              ServerKeyExchange      | Flight 4
 *                                             CertificateRequest      |
 *                                  <--------     ServerHelloDone     /
 *
 *   Certificate                                                      \
 *   ClientKeyExchange                                                 |
 *   CertificateVerify                                                 | Flight 5
 *   [ChangeCipherSpec]                                                |
 *   Finished                       -------->                         /
 *
 *                                              [ChangeCipherSpec]    \ Flight 6
 *                                  <--------             Finished    /
 *
 * The timeout and retransmission state machine (RFC 6347 §4.2.4, Figure 3):
 *
 *                    +-----------+
 *                    | PREPARING |
 *              +---> |           | <--------------------+
 *              |     |           |                      |
 *              |     +-----------+                      |
 *              |           |                            |
 *              |           | Buffer next flight         |
 *              |           |                            |
 *              |          \|/                           |
 *              |     +-----------+                      |
 *              |     |           |                      |
 *              |     |  SENDING  |<------------------+  |
 *              |     |           |                   |  | Send
 *              |     +-----------+                   |  | HelloRequest
 *      Receive |           |                         |  |
 *         next |           | Send flight             |  | or
 *       flight |  +--------+                         |  |
 *              |  |        | Set retransmit timer    |  | Receive
 *              |  |       \|/                        |  | HelloRequest
 *              |  |  +-----------+                   |  | Send
 *              |  |  |           |                   |  | ClientHello
 *              +--)--|  WAITING  |-------------------+  |
 *              |  |  |           |   Timer expires   |  |
 *              |  |  +-----------+                   |  |
 *              |  |         |                        |  |
 *              |  |         |                        |  |
 *              |  |         +------------------------+  |
 *              |  |                Read retransmit      |
 *      Receive |  |                                     |
 *         last |  |                                     |
 *       flight |  |                                     |
 *              |  |                                     |
 *             \|/\|/                                    |
 *                                                       |
 *          +-----------+                                |
 *          |           |                                |
 *          | FINISHED  | -------------------------------+
 *          |           |
 *          +-----------+
 *
 * Renegotiation is refused (the HelloRequest/ClientHello edges back to
 * PREPARING answer with a no_renegotiation warning instead). We add the
 * terminal states CLOSED and FAILED, and IDLE before the first flight.
 * The server stays IDLE (stateless) until a ClientHello returns a valid cookie.
 */
import type { Components, Logger, NamedGroup, PrivateKeyHandle, PublicKeyHandle, SignatureScheme, Transmit } from '@purertc/common';
import { concatBytes, equalBytesConstantTime, silentLogger, StateError } from '@purertc/common';
import { DEFAULT_GROUPS, DEFAULT_SIGNATURE_SCHEMES, groupById, groupId, schemeKeyType, signatureSchemeById, signatureSchemeId } from './algorithms.js';
import type { CertificateFingerprint } from './certificate.js';
import { certificatePublicKeySpki, matchesFingerprint } from './certificate.js';
import { CIPHER_SUITES, cipherSuiteById, DEFAULT_CIPHER_SUITES, type CipherSuite, type CipherSuiteName } from './cipher-suites.js';
import {
  AlertDescription,
  AlertLevel,
  ALERT_NAMES,
  ClientCertificateType,
  ContentType,
  DTLS_1_0,
  DTLS_1_2,
  HandshakeType,
  MAX_PLAINTEXT_LENGTH,
} from './constants.js';
import { CookieJar } from './cookie.js';
import { DtlsError } from './errors.js';
import { packFlight, type FlightEntry } from './flight.js';
import { encodeHandshakeMessage, HandshakeReassembler, parseHandshakeFragments, type HandshakeFragment, type HandshakeMessage, type ReassemblyLimits } from './handshake.js';
import { masterSecret, trafficKeys, verifyData } from './key-schedule.js';
import { decodeAlert, encodeAlert } from './messages/alert.js';
import { decodeCertificate, encodeCertificate } from './messages/certificate.js';
import { decodeCertificateRequest, encodeCertificateRequest, type CertificateRequest } from './messages/certificate-request.js';
import { decodeCertificateVerify, encodeCertificateVerify } from './messages/certificate-verify.js';
import { decodeClientHello, encodeClientHello, type ClientHello } from './messages/client-hello.js';
import { decodeClientKeyExchange, encodeClientKeyExchange } from './messages/client-key-exchange.js';
import type { HelloExtensions } from './messages/extensions.js';
import { decodeFinished, encodeFinished } from './messages/finished.js';
import { decodeHelloVerifyRequest, encodeHelloVerifyRequest } from './messages/hello-verify-request.js';
import { checkPeerRecordSizeLimit, sendLimit, validateLocalRecordSizeLimit } from './messages/record-size-limit.js';
import { decodeServerHello, encodeServerHello } from './messages/server-hello.js';
import { decodeServerHelloDone, encodeServerHelloDone } from './messages/server-hello-done.js';
import { decodeServerKeyExchange, encodeServerEcdhParams, encodeServerKeyExchange } from './messages/server-key-exchange.js';
import { exportKeyingMaterial } from './prf.js';
import { parseRecords } from './record.js';
import { RecordLayer, type RecordLayerCounters } from './record-layer.js';
import { RecordProtection } from './record-protection.js';
import {
  DEFAULT_SRTP_PROFILES,
  DTLS_SRTP_EXPORTER_LABEL,
  SRTP_PROFILES,
  srtpKeyingMaterialLength,
  srtpProfileById,
  type SrtpProfile,
  type SrtpProfileName,
} from './srtp-profiles.js';

/** Handshake state (RFC 6347 §4.2.4 Figure 3, plus IDLE, CLOSED and FAILED). */
export type DtlsState = 'idle' | 'preparing' | 'sending' | 'waiting' | 'finished' | 'closed' | 'failed';

const TRANSITIONS: Readonly<Record<DtlsState, readonly DtlsState[]>> = {
  idle: ['preparing', 'closed', 'failed'],
  preparing: ['sending', 'closed', 'failed'],
  sending: ['waiting', 'finished', 'closed', 'failed'],
  waiting: ['preparing', 'sending', 'finished', 'closed', 'failed'],
  finished: ['closed', 'failed'],
  closed: [],
  failed: [],
};

/** Configuration of a {@link DtlsEndpoint}. */
export interface DtlsEndpointOptions {
  /** 'client' sends the first flight (a=setup:active), 'server' answers (a=setup:passive). */
  role: 'client' | 'server';
  /** Our certificate and its PKCS#8 private key. */
  certificate: { certificateDer: Uint8Array; privateKeyPkcs8: Uint8Array };
  /**
   * Fingerprints the peer's certificate must match (from a=fingerprint).
   * If none are known when the handshake completes, `connected` waits for
   * {@link DtlsEndpoint.setRemoteFingerprints}.
   */
  remoteFingerprints?: readonly CertificateFingerprint[];
  /** Cipher suites in preference order (default: all six, AES-128-GCM first). */
  cipherSuites?: readonly CipherSuiteName[];
  /** SRTP protection profiles in preference order; empty = no use_srtp. */
  srtpProfiles?: readonly SrtpProfileName[];
  /** Key exchange groups in preference order (default X25519, P-256, P-384). */
  groups?: readonly NamedGroup[];
  /** Signature schemes we accept and offer, in preference order. */
  signatureSchemes?: readonly SignatureScheme[];
  /** Largest datagram we send (default 1200). */
  mtu?: number;
  /** First retransmission timeout in ms (default 100; RFC 6347 suggests 1000, loopback wants less). */
  initialRetransmitMs?: number;
  /** Cap of the doubling timeout in ms (default and maximum 60000, RFC 6347 §4.2.4.1). */
  maxRetransmitMs?: number;
  /** Retransmissions of one flight before giving up (default 12). */
  maxRetransmissions?: number;
  /**
   * Server: the server always requests the client's certificate (CertificateRequest
   * in flight 4) and, by default, requires one (WebRTC, RFC 5763 §5): a client
   * that sends none fails with handshake_failure (`no-certificate`), one that
   * skips the Certificate message with unexpected_message. `false` is for DTLS
   * used alone: an anonymous client is then accepted only while no remote
   * fingerprint is set (its `connected.peerCertificate` is empty).
   */
  requireClientCertificate?: boolean;
  /**
   * Require the extended master secret (RFC 7627) from the peer (default true).
   * RFC 7627 §5.2/§5.3: a client or server that does not wish to interoperate
   * with legacy peers SHOULD abort a full handshake without it; and §5.4 says
   * keys from a non-EMS session MUST NOT be exported for authentication, which
   * is exactly what DTLS-SRTP does. Browsers and OpenSSL always offer it, so by
   * default a peer without it fails with handshake_failure (code
   * `extended-master-secret-required`). `false` accepts legacy peers
   * (`connected.extendedMasterSecret` is then false).
   */
  requireExtendedMasterSecret?: boolean;
  /** Server: HMAC secret for cookies (default: random per endpoint). */
  cookieSecret?: Uint8Array;
  /** Server: skip the HelloVerifyRequest round trip (default false). */
  disableCookieExchange?: boolean;
  /** Anti-replay window width (default 64). */
  replayWindow?: number;
  /** Handshake reassembly limits. */
  reassembly?: Partial<ReassemblyLimits>;
  /**
   * The record_size_limit (RFC 8449) we advertise: the largest plaintext of a
   * protected record we accept, an integer within [64, 16384] (default 16384,
   * the DTLS 1.2 maximum: "we take full-size records"). A client offers it in
   * its ClientHello; a server answers with it only when the client offered
   * one. When both did, each side sends records of at most the other's limit
   * ({@link DtlsEndpoint.maxPlaintextPerRecord}) and discards protected
   * records above its own. `false` neither sends nor answers the extension.
   */
  recordSizeLimit?: number | false;
}

/** What the endpoint reports. */
export type DtlsEvent =
  | {
      type: 'connected';
      /** The negotiated SRTP profile, if use_srtp was negotiated. */
      srtpProfile: SrtpProfileName | undefined;
      cipherSuite: CipherSuiteName;
      /** The peer's end-entity certificate, DER. */
      peerCertificate: Uint8Array;
      /** Whether the extended master secret (RFC 7627) is in use. */
      extendedMasterSecret: boolean;
    }
  | { type: 'data'; data: Uint8Array }
  | { type: 'closed'; reason: string }
  | { type: 'error'; error: DtlsError };

/** SRTP master keys and salts from the exporter, split as RFC 5764 §4.2 says. */
export interface SrtpKeyingMaterial {
  profile: SrtpProfileName;
  clientMasterKey: Uint8Array;
  serverMasterKey: Uint8Array;
  clientMasterSalt: Uint8Array;
  serverMasterSalt: Uint8Array;
  /** Ours: the client's if we are the client. */
  localMasterKey: Uint8Array;
  localMasterSalt: Uint8Array;
  remoteMasterKey: Uint8Array;
  remoteMasterSalt: Uint8Array;
}

/** Counters for tests and stats. */
export interface DtlsCounters extends RecordLayerCounters {
  /** Handshake records or messages that did not parse. */
  malformedHandshake: number;
  /** Fragments the reassembler refused (limits, contradictions). */
  fragmentsDropped: number;
  /** Flights retransmitted on timeout. */
  retransmissions: number;
  /** Flights retransmitted because the peer retransmitted its previous flight. */
  retransmissionsOnRequest: number;
  /** Records ignored for arriving in a state or epoch where they mean nothing. */
  ignoredRecords: number;
  /** Application data dropped (before the handshake finished and the buffer was full). */
  dataDropped: number;
  /** ClientHellos the stateless server answered with a HelloVerifyRequest. */
  helloVerifyRequestsSent: number;
  /** Renegotiation attempts (ClientHello / HelloRequest after the handshake) answered with no_renegotiation. */
  renegotiationsRefused: number;
}

const MAX_EARLY_DATA_RECORDS = 16;

/**
 * A DTLS 1.2 endpoint. Drive it with {@link handle}, {@link handleTimeout}
 * and user calls; drain {@link pollTransmit} and {@link pollEvent}; arm one
 * timer for {@link pollTimeout}.
 */
/** ClientHellos being reassembled before any state exists (one per peer address). */
const MAX_HELLO_REASSEMBLIES = 4;
/** Largest ClientHello accepted in fragments (bytes). */
const MAX_HELLO_LENGTH = 16384;

export class DtlsEndpoint {
  readonly role: 'client' | 'server';
  private readonly c: Components;
  private readonly log: Logger;
  private readonly records: RecordLayer;
  private readonly reassembler: HandshakeReassembler;
  private readonly privateKey: PrivateKeyHandle;
  private readonly certDer: Uint8Array;
  private readonly suites: CipherSuite[];
  private readonly profiles: SrtpProfile[];
  private readonly groups: NamedGroup[];
  private readonly schemes: SignatureScheme[];
  private readonly mtu: number;
  private readonly initialRto: number;
  private readonly maxRto: number;
  private readonly maxRetransmissions: number;
  private readonly requireClientCert: boolean;
  private readonly requireEms: boolean;
  /** The record_size_limit we advertise (RFC 8449), or undefined when disabled. */
  private readonly localRsl: number | undefined;
  /** The peer's record_size_limit once negotiated (both hellos carried it), else undefined. */
  private peerRsl: number | undefined;
  private readonly cookies: CookieJar | undefined;
  private remoteFingerprints: readonly CertificateFingerprint[] | undefined;

  private stateValue: DtlsState = 'idle';
  private readonly transmits: Transmit[] = [];
  private readonly events: DtlsEvent[] = [];
  private now = 0;

  // Flight and retransmission state.
  private flight: FlightEntry[] = [];
  private flightNumber = 0;
  private flightRecordVersion: number | undefined;
  private rto: number;
  private retransmitCount = 0;
  private deadline: number | undefined;
  private lastRequestedRetransmit = -Infinity;
  private nextSendSeq = 0;
  private draining = false;
  private peerRetransmitted = false;

  // Handshake state.
  private transcript: Uint8Array[] = [];
  private clientRandom: Uint8Array = new Uint8Array(32);
  private serverRandom: Uint8Array = new Uint8Array(32);
  private cookie: Uint8Array = new Uint8Array(0);
  private suite: CipherSuite | undefined;
  private profile: SrtpProfile | undefined;
  private useEms = false;
  private keyAgreement: ReturnType<Components['crypto']['generateKeyAgreement']> | undefined;
  private peerPublicKey: PublicKeyHandle | undefined;
  private peerCertificate: Uint8Array | undefined;
  private certificateRequested: CertificateRequest | undefined;
  private master: Uint8Array | undefined;
  private expectedType: number = HandshakeType.ClientHello;
  private peerCertificateVerified = false;
  private connectedEmitted = false;
  private closeNotifySent = false;
  private earlyData: Uint8Array[] = [];
  private peerEpoch1Seen = false;

  private readonly ctr = {
    malformedHandshake: 0,
    retransmissions: 0,
    retransmissionsOnRequest: 0,
    ignoredRecords: 0,
    dataDropped: 0,
    helloVerifyRequestsSent: 0,
    renegotiationsRefused: 0,
  };

  constructor(options: DtlsEndpointOptions, components: Components) {
    this.role = options.role;
    this.c = components;
    this.log = components.log ?? silentLogger;
    this.records = new RecordLayer(options.replayWindow ?? 64);
    this.reassembler = new HandshakeReassembler(options.reassembly);
    this.certDer = options.certificate.certificateDer;
    this.privateKey = components.crypto.importPrivateKey(options.certificate.privateKeyPkcs8);
    this.suites = (options.cipherSuites ?? DEFAULT_CIPHER_SUITES).map((n) => {
      const s = CIPHER_SUITES[n];
      if (!s) throw new RangeError(`unknown cipher suite ${n}`);
      return s;
    });
    this.profiles = (options.srtpProfiles ?? DEFAULT_SRTP_PROFILES).map((n) => {
      const p = SRTP_PROFILES[n];
      if (!p) throw new RangeError(`unknown SRTP profile ${n}`);
      return p;
    });
    this.groups = [...(options.groups ?? DEFAULT_GROUPS)];
    this.schemes = [...(options.signatureSchemes ?? DEFAULT_SIGNATURE_SCHEMES)];
    this.mtu = options.mtu ?? 1200;
    if (this.mtu < 128 || this.mtu > 65507) throw new RangeError('mtu must be within [128, 65507]');
    this.initialRto = options.initialRetransmitMs ?? 100;
    this.maxRto = Math.min(options.maxRetransmitMs ?? 60_000, 60_000);
    this.rto = this.initialRto;
    this.maxRetransmissions = options.maxRetransmissions ?? 12;
    this.requireClientCert = options.requireClientCertificate ?? true;
    this.requireEms = options.requireExtendedMasterSecret ?? true;
    const rsl = options.recordSizeLimit ?? MAX_PLAINTEXT_LENGTH;
    this.localRsl = rsl === false ? undefined : validateLocalRecordSizeLimit(rsl);
    this.remoteFingerprints = options.remoteFingerprints;
    if (this.role === 'server' && !options.disableCookieExchange) {
      let secret = options.cookieSecret;
      if (!secret) {
        secret = new Uint8Array(32);
        components.random(secret);
      }
      this.cookies = new CookieJar(components.crypto, secret);
    }
    const keyType = this.privateKey.keyType;
    if (keyType !== 'ec' && keyType !== 'rsa') throw new RangeError('certificate key must be ECDSA or RSA');
  }

  /** The handshake state. */
  get state(): DtlsState {
    return this.stateValue;
  }

  /** True once the handshake finished and the peer's certificate matched: data and keys are available. */
  get connected(): boolean {
    return this.connectedEmitted && this.stateValue === 'finished';
  }

  /** The negotiated cipher suite, once known. */
  get cipherSuite(): CipherSuiteName | undefined {
    return this.suite?.name;
  }

  /**
   * The record_size_limit the peer advertised (RFC 8449), as received: the
   * largest plaintext it accepts in one protected record. Undefined until the
   * hellos are exchanged, and whenever the extension was not negotiated (we
   * or the peer did not send it; Chromium/BoringSSL and OpenSSL 3.0 never do).
   * A value of 16384 (or more) means the peer states it receives full-size records.
   */
  get peerRecordSizeLimit(): number | undefined {
    return this.peerRsl;
  }

  /**
   * The record_size_limit we advertised, when negotiated (else undefined):
   * protected records from the peer with more plaintext are discarded and
   * counted in `counters.recordOverflow`.
   */
  get localRecordSizeLimit(): number | undefined {
    return this.peerRsl === undefined ? undefined : this.localRsl;
  }

  /**
   * The most application data {@link send} accepts in one call (one record):
   * min(peer's record_size_limit, 16384) when negotiated, else 16384
   * (RFC 8449 §4, RFC 6347 §4.1).
   */
  get maxPlaintextPerRecord(): number {
    return sendLimit(this.peerRsl);
  }

  /** Counters of drops, retransmissions and records. */
  get counters(): DtlsCounters {
    return { ...this.records.counters, ...this.ctr, fragmentsDropped: this.reassembler.dropped };
  }

  // ---------------------------------------------------------------- state

  private setState(next: DtlsState, reason: string): void {
    const prev = this.stateValue;
    if (prev === next) return;
    if (!TRANSITIONS[prev].includes(next)) {
      // A broken invariant: every caller checks the state it moves from.
      throw new StateError(`DTLS: illegal transition ${prev} -> ${next} (${reason})`);
    }
    this.stateValue = next;
    this.log.debug(`dtls ${this.role}: ${reason}: ${prev} -> ${next}`);
  }

  // ------------------------------------------------------------ sans-IO API

  /** Client: sends flight 1. Server: nothing (it waits for a ClientHello). Idempotent. */
  start(now: number): void {
    this.tick(now);
    if (this.role !== 'client' || this.stateValue !== 'idle') return;
    this.setState('preparing', 'start');
    this.clientRandom = this.makeRandom();
    this.sendFlight(1, [this.clientHelloEntry()], 'flight 1 (ClientHello)');
  }

  /** Processes one received datagram (borrowed for the call). Never throws on network input. */
  handle(now: number, datagram: Uint8Array, from?: { address: string; port: number }): void {
    this.tick(now);
    if (this.stateValue === 'closed' || this.stateValue === 'failed') {
      this.ctr.ignoredRecords++;
      return;
    }
    if (this.role === 'server' && this.stateValue === 'idle') {
      this.handleStatelessClientHello(datagram, from ? `${from.address}|${from.port}` : '');
      return;
    }
    this.peerRetransmitted = false;
    this.records.receive(datagram, this.onRecord);
    if (this.peerRetransmitted) this.maybeRetransmitOnRequest();
  }

  /** Fires the retransmission timer if due. */
  handleTimeout(now: number): void {
    this.tick(now);
    if (this.deadline === undefined || this.now < this.deadline) return;
    if (this.stateValue !== 'waiting') {
      this.deadline = undefined;
      return;
    }
    if (this.retransmitCount >= this.maxRetransmissions) {
      this.fail(new DtlsError('timeout', `DTLS handshake timed out waiting for the reply to flight ${this.flightNumber}`));
      return;
    }
    this.retransmitCount++;
    this.ctr.retransmissions++;
    // RFC 6347 §4.2.4.1: double the timer on each retransmission, up to 60 s.
    this.rto = Math.min(this.rto * 2, this.maxRto);
    this.setState('sending', `timeout: retransmit flight ${this.flightNumber}`);
    this.transmitFlight();
    this.setState('waiting', `flight ${this.flightNumber} retransmitted`);
    this.deadline = this.now + this.rto;
  }

  /** The next datagram to send. */
  pollTransmit(): Transmit | undefined {
    return this.transmits.shift();
  }

  /** The next event. */
  pollEvent(): DtlsEvent | undefined {
    return this.events.shift();
  }

  /** Absolute time (ms) of the next retransmission, if one is armed. */
  pollTimeout(): number | undefined {
    return this.deadline;
  }

  /**
   * Sends application data as one record. At most {@link maxPlaintextPerRecord}
   * bytes (16384, or less when the peer's record_size_limit says so): a larger
   * payload throws a RangeError and nothing is sent. Records are never split
   * here: a record is a message to the layer above (an SCTP packet), and half
   * of one would be garbage to the peer's SCTP.
   */
  send(data: Uint8Array): void {
    if (!this.connected) throw new StateError(`DTLS: cannot send in state ${this.stateValue}${this.connectedEmitted ? '' : ' (not connected)'}`);
    const max = this.maxPlaintextPerRecord;
    if (data.length > max) {
      throw new RangeError(
        max === MAX_PLAINTEXT_LENGTH
          ? `DTLS record payload of ${data.length} bytes is larger than 16384 bytes`
          : `DTLS record payload of ${data.length} bytes is larger than the peer's record_size_limit of ${max} bytes (RFC 8449)`,
      );
    }
    this.sendRecord(ContentType.ApplicationData, data);
  }

  /** Sends close_notify (RFC 5246 §7.2.1) and closes. Idempotent. */
  close(reason = 'closed locally'): void {
    if (this.stateValue === 'closed' || this.stateValue === 'failed') return;
    this.sendAlert(AlertLevel.Warning, AlertDescription.CloseNotify);
    this.closeNotifySent = true;
    this.deadline = undefined;
    this.setState('closed', reason);
    this.events.push({ type: 'closed', reason });
  }

  /** Sets the fingerprints the peer certificate must match (from a later SDP answer). */
  setRemoteFingerprints(fingerprints: readonly CertificateFingerprint[]): void {
    this.remoteFingerprints = fingerprints;
    if (this.peerCertificate && !this.peerCertificateVerified) {
      if (!this.checkFingerprint()) return;
    }
    this.maybeConnected();
  }

  /**
   * The RFC 5705 exporter. Only after `connected`: no keys are released
   * before the peer's certificate has matched its fingerprint.
   */
  exportKeyingMaterial(label: string, length: number, context?: Uint8Array): Uint8Array {
    if (!this.connectedEmitted || !this.master || !this.suite) throw new StateError('DTLS: keying material is available only once connected');
    return exportKeyingMaterial(this.c.crypto, this.suite.prfHash, this.master, this.clientRandom, this.serverRandom, label, length, context);
  }

  /** The SRTP master keys and salts for the negotiated profile (RFC 5764 §4.2). */
  srtpKeyingMaterial(): SrtpKeyingMaterial {
    const p = this.profile;
    if (!p) throw new StateError('DTLS: no SRTP profile was negotiated');
    const km = this.exportKeyingMaterial(DTLS_SRTP_EXPORTER_LABEL, srtpKeyingMaterialLength(p));
    const k = p.masterKeyLength;
    const s = p.masterSaltLength;
    const clientMasterKey = km.slice(0, k);
    const serverMasterKey = km.slice(k, 2 * k);
    const clientMasterSalt = km.slice(2 * k, 2 * k + s);
    const serverMasterSalt = km.slice(2 * k + s, 2 * k + 2 * s);
    const client = this.role === 'client';
    return {
      profile: p.name,
      clientMasterKey,
      serverMasterKey,
      clientMasterSalt,
      serverMasterSalt,
      localMasterKey: client ? clientMasterKey : serverMasterKey,
      localMasterSalt: client ? clientMasterSalt : serverMasterSalt,
      remoteMasterKey: client ? serverMasterKey : clientMasterKey,
      remoteMasterSalt: client ? serverMasterSalt : clientMasterSalt,
    };
  }

  // ------------------------------------------------------------- internals

  private tick(now: number): void {
    if (now > this.now) this.now = now; // time never goes backwards inside the core
  }

  private makeRandom(): Uint8Array {
    const r = new Uint8Array(32);
    this.c.random(r);
    return r;
  }

  private fail(error: DtlsError, alert?: number): void {
    if (this.stateValue === 'closed' || this.stateValue === 'failed') return;
    if (alert !== undefined) this.sendAlert(AlertLevel.Fatal, alert);
    this.deadline = undefined;
    this.setState('failed', error.message);
    this.events.push({ type: 'error', error });
  }

  private sendAlert(level: number, description: number): void {
    this.sendRecord(ContentType.Alert, encodeAlert({ level, description }));
  }

  private sendRecord(type: number, payload: Uint8Array): void {
    const epoch = this.records.writeEpoch;
    if (this.records.exhausted(epoch)) {
      this.fail(new DtlsError('sequence-exhausted', 'DTLS: record sequence numbers exhausted; renegotiation is not supported'));
      return;
    }
    const out = new Uint8Array(this.records.recordLength(epoch, payload.length));
    this.records.writeRecord(out, 0, type, epoch, payload);
    this.transmits.push({ data: out });
  }

  /** Buffers a flight, sends it and arms the timer (PREPARING -> SENDING -> WAITING/FINISHED). */
  private sendFlight(n: number, entries: FlightEntry[], reason: string, last = false, recordVersion?: number): void {
    // RFC 6347 §4.2.4.1: keep a backed-off timer until a flight goes through without loss.
    if (this.retransmitCount === 0) this.rto = this.initialRto;
    this.flight = entries;
    this.flightNumber = n;
    this.flightRecordVersion = recordVersion;
    this.retransmitCount = 0;
    this.setState('sending', reason);
    this.transmitFlight();
    if (last) {
      this.deadline = undefined;
      this.setState('finished', `flight ${n} sent`);
    } else {
      this.deadline = this.now + this.rto;
      this.setState('waiting', `flight ${n} sent`);
    }
  }

  private transmitFlight(): void {
    for (const d of packFlight(this.flight, this.records, this.mtu, this.flightRecordVersion)) this.transmits.push({ data: d });
  }

  /** RFC 6347 §4.2.4: a retransmitted peer flight means ours was lost; resend it (at most once per half RTO). */
  private maybeRetransmitOnRequest(): void {
    if (this.flight.length === 0) return;
    if (this.stateValue !== 'waiting' && this.stateValue !== 'finished') return;
    // In FINISHED only the side that sent the last flight (the server, flight 6) answers.
    if (this.stateValue === 'finished' && this.flightNumber !== 6) return;
    if (this.now - this.lastRequestedRetransmit < this.initialRto / 2) return;
    this.lastRequestedRetransmit = this.now;
    this.ctr.retransmissionsOnRequest++;
    this.transmitFlight();
  }

  private handshakeEntry(type: number, body: Uint8Array, epoch = this.records.writeEpoch): FlightEntry {
    const messageSeq = this.nextSendSeq++;
    this.transcript.push(encodeHandshakeMessage(type, messageSeq, body));
    return { kind: 'handshake', type, messageSeq, body, epoch };
  }

  private transcriptHash(): Uint8Array {
    return this.c.crypto.hash(this.suite!.prfHash, ...this.transcript);
  }

  // ---------------------------------------------------- record dispatch

  private readonly onRecord = (type: number, epoch: number, payload: Uint8Array): void => {
    if (epoch > 0) this.peerEpoch1Seen = true;
    switch (type) {
      case ContentType.Handshake:
        this.onHandshakeRecord(epoch, payload);
        break;
      case ContentType.ChangeCipherSpec:
        // RFC 5246 §7.1: a single byte 1. Keys are installed when derived;
        // Finished is required to arrive in epoch 1, which is what CCS marks.
        if (payload.length !== 1 || payload[0] !== 1) this.ctr.malformedHandshake++;
        break;
      case ContentType.Alert:
        this.onAlert(epoch, payload);
        break;
      case ContentType.ApplicationData:
        this.onApplicationData(epoch, payload);
        break;
      default:
        this.ctr.ignoredRecords++;
    }
  };

  private onAlert(epoch: number, payload: Uint8Array): void {
    const a = decodeAlert(payload);
    if (!a) {
      this.ctr.malformedHandshake++;
      return;
    }
    // Once the peer protects its records, an unprotected alert is a forgery.
    if (epoch === 0 && this.peerEpoch1Seen) {
      this.ctr.ignoredRecords++;
      return;
    }
    if (a.description === AlertDescription.CloseNotify) {
      if (this.stateValue === 'closed' || this.stateValue === 'failed') return;
      if (!this.closeNotifySent) {
        this.sendAlert(AlertLevel.Warning, AlertDescription.CloseNotify);
        this.closeNotifySent = true;
      }
      this.deadline = undefined;
      this.setState('closed', 'close_notify received');
      this.events.push({ type: 'closed', reason: 'close_notify received' });
      return;
    }
    if (a.level === AlertLevel.Fatal) {
      this.fail(new DtlsError('alert', `DTLS: fatal alert received: ${ALERT_NAMES[a.description] ?? a.description}`, a.description, true));
      return;
    }
    this.log.debug(`dtls ${this.role}: warning alert ${ALERT_NAMES[a.description] ?? a.description} ignored`);
  }

  private onApplicationData(epoch: number, payload: Uint8Array): void {
    if (epoch === 0) {
      this.ctr.ignoredRecords++; // never unprotected
      return;
    }
    if (this.connected) {
      this.events.push({ type: 'data', data: payload });
      return;
    }
    // Data that overtook the peer's Finished (or our fingerprint check): hold a little.
    if (this.earlyData.length < MAX_EARLY_DATA_RECORDS) this.earlyData.push(payload);
    else this.ctr.dataDropped++;
  }

  private onHandshakeRecord(epoch: number, payload: Uint8Array): void {
    const frags = parseHandshakeFragments(payload);
    if (!frags) {
      this.ctr.malformedHandshake++;
      return;
    }
    for (const f of frags) {
      if (this.stateValue === 'finished' && this.renegotiationAttempt(f.type, epoch)) continue;
      if (this.reassembler.add(f, epoch) === 'old') this.peerRetransmitted = true;
    }
    if (this.draining) return; // the outer loop pops what this record completed
    this.draining = true;
    try {
      let m: HandshakeMessage | undefined;
      while ((m = this.reassembler.pop()) !== undefined) {
        if (this.stateValue === 'failed' || this.stateValue === 'closed') break;
        this.onHandshakeMessage(m);
      }
    } finally {
      this.draining = false;
    }
  }

  /**
   * After the handshake, a ClientHello (server) or HelloRequest (client)
   * starts a new handshake. RFC 6347 §4.2.2 restarts message_seq at 0 for
   * every handshake, so it looks "old" to the reassembler and must be caught
   * here, before it is taken for a retransmission. Renegotiation is refused
   * (RFC 5746 §4.2/§4.4, RFC 5246 §7.2.2): a protected one is answered with a
   * warning-level no_renegotiation alert and the association carries on. An
   * unprotected (epoch 0) ClientHello, a client restarting on the same
   * address (RFC 6347 §4.2.8), is ignored and counted: a new association is
   * the driver's business (a new endpoint), and we never reset an
   * authenticated one on unauthenticated input. Returns true if consumed.
   */
  private renegotiationAttempt(type: number, epoch: number): boolean {
    const starter = this.role === 'server' ? HandshakeType.ClientHello : HandshakeType.HelloRequest;
    if (type !== starter) return false;
    if (epoch === 0) {
      this.ctr.ignoredRecords++;
      return true;
    }
    // Answer each record once; a peer's retransmissions get one answer each.
    this.ctr.renegotiationsRefused++;
    this.sendAlert(AlertLevel.Warning, AlertDescription.NoRenegotiation);
    return true;
  }

  private onHandshakeMessage(m: HandshakeMessage): void {
    if (this.stateValue === 'finished') {
      // Renegotiation starters never get here (renegotiationAttempt); anything else is stray.
      this.ctr.ignoredRecords++;
      return;
    }
    if (this.role === 'client' && m.type === HandshakeType.HelloRequest) {
      this.ctr.ignoredRecords++; // RFC 5246 §7.4.1.1: ignored while negotiating
      return;
    }
    if (m.type !== this.expectedType && !this.optionalSkip(m.type)) {
      this.fail(
        new DtlsError('unexpected-message', `DTLS: unexpected handshake message ${m.type} (expected ${this.expectedType})`, AlertDescription.UnexpectedMessage),
        AlertDescription.UnexpectedMessage,
      );
      return;
    }
    if (this.role === 'client') this.clientMessage(m);
    else this.serverMessage(m);
  }

  /** Optional messages: HVR instead of ServerHello; CertificateRequest may be absent; client Certificate/CertificateVerify absent when not required. */
  private optionalSkip(type: number): boolean {
    if (this.role === 'client') {
      if (this.expectedType === HandshakeType.ServerHello && type === HandshakeType.HelloVerifyRequest) return true;
      if (this.expectedType === HandshakeType.CertificateRequest && type === HandshakeType.ServerHelloDone) return true;
      return false;
    }
    if (!this.requireClientCert) {
      if (this.expectedType === HandshakeType.Certificate && type === HandshakeType.ClientKeyExchange) return true;
      if (this.expectedType === HandshakeType.CertificateVerify && type === HandshakeType.Finished && !this.peerPublicKey) return true;
    }
    return false;
  }

  /** RFC 7627 §5.2/§5.3: the peer did not offer the extended master secret and we require it. */
  private failNoEms(hello: string): void {
    this.fail(
      new DtlsError('extended-master-secret-required', `DTLS: the peer's ${hello} lacks the extended_master_secret extension (RFC 7627), which we require`, AlertDescription.HandshakeFailure),
      AlertDescription.HandshakeFailure,
    );
  }

  private decodeFailed(what: string): void {
    this.ctr.malformedHandshake++;
    this.fail(new DtlsError('decode-error', `DTLS: malformed ${what}`, AlertDescription.DecodeError), AlertDescription.DecodeError);
  }

  private addToTranscript(m: HandshakeMessage): void {
    this.transcript.push(encodeHandshakeMessage(m.type, m.messageSeq, m.body));
  }

  // ------------------------------------------------------------ client

  private clientExtensions(): HelloExtensions {
    return {
      renegotiationInfo: new Uint8Array(0),
      extendedMasterSecret: true,
      supportedGroups: this.groups.map(groupId),
      ecPointFormats: [0],
      signatureAlgorithms: this.schemes.map(signatureSchemeId),
      ...(this.profiles.length ? { useSrtp: { profiles: this.profiles.map((p) => p.id), mki: new Uint8Array(0) } } : {}),
      // RFC 8449 §4: "Endpoints SHOULD advertise the record_size_limit extension".
      ...(this.localRsl !== undefined ? { recordSizeLimit: this.localRsl } : {}),
    };
  }

  /** Flight 1 and 3: the ClientHello (with the cookie, if any). The transcript restarts with it (RFC 6347 §4.2.6). */
  private clientHelloEntry(): FlightEntry {
    this.transcript = [];
    const hello: ClientHello = {
      clientVersion: DTLS_1_2,
      random: this.clientRandom,
      sessionId: new Uint8Array(0),
      cookie: this.cookie,
      cipherSuites: this.suites.map((s) => s.id),
      compressionMethods: [0],
      extensions: this.clientExtensions(),
    };
    this.expectedType = HandshakeType.ServerHello;
    return this.handshakeEntry(HandshakeType.ClientHello, encodeClientHello(hello), 0);
  }

  private clientMessage(m: HandshakeMessage): void {
    switch (m.type) {
      case HandshakeType.HelloVerifyRequest: {
        const hvr = decodeHelloVerifyRequest(m.body);
        if (!hvr) return this.decodeFailed('HelloVerifyRequest');
        this.cookie = hvr.cookie;
        this.setState('preparing', 'HelloVerifyRequest received');
        this.sendFlight(3, [this.clientHelloEntry()], 'flight 3 (ClientHello with cookie)');
        return;
      }
      case HandshakeType.ServerHello:
        return this.clientServerHello(m);
      case HandshakeType.Certificate: {
        this.addToTranscript(m);
        const cert = decodeCertificate(m.body);
        if (!cert) return this.decodeFailed('Certificate');
        if (!this.acceptPeerCertificate(cert.certificates)) return;
        this.expectedType = HandshakeType.ServerKeyExchange;
        return;
      }
      case HandshakeType.ServerKeyExchange:
        return this.clientServerKeyExchange(m);
      case HandshakeType.CertificateRequest: {
        this.addToTranscript(m);
        const cr = decodeCertificateRequest(m.body);
        if (!cr) return this.decodeFailed('CertificateRequest');
        this.certificateRequested = cr;
        this.expectedType = HandshakeType.ServerHelloDone;
        return;
      }
      case HandshakeType.ServerHelloDone:
        this.addToTranscript(m);
        if (!decodeServerHelloDone(m.body)) return this.decodeFailed('ServerHelloDone');
        return this.clientFlight5();
      case HandshakeType.Finished:
        return this.clientFinished(m);
    }
  }

  private clientServerHello(m: HandshakeMessage): void {
    const sh = decodeServerHello(m.body);
    if (!sh) return this.decodeFailed('ServerHello');
    if (sh.serverVersion !== DTLS_1_2) {
      return this.fail(new DtlsError('version', 'DTLS: the server did not choose DTLS 1.2', AlertDescription.ProtocolVersion), AlertDescription.ProtocolVersion);
    }
    const suite = this.suites.find((s) => s.id === sh.cipherSuite);
    const e = sh.extensions;
    const illegal = (why: string) => this.fail(new DtlsError('illegal-parameter', `DTLS: ServerHello ${why}`, AlertDescription.IllegalParameter), AlertDescription.IllegalParameter);
    if (!suite) return illegal('chose a cipher suite we did not offer');
    if (sh.compressionMethod !== 0) return illegal('chose compression');
    if (e.malformed?.length) return this.decodeFailed('ServerHello extension');
    // RFC 5246 §7.4.1.4: an extension we did not offer (record_size_limit included, when disabled).
    if (e.unknown?.length || e.supportedGroups || e.signatureAlgorithms || (e.recordSizeLimit !== undefined && this.localRsl === undefined)) {
      return this.fail(new DtlsError('unsupported-extension', 'DTLS: ServerHello carries an extension we did not offer', AlertDescription.UnsupportedExtension), AlertDescription.UnsupportedExtension);
    }
    // RFC 5746 §3.4: on an initial handshake renegotiated_connection must be empty.
    if (e.renegotiationInfo && e.renegotiationInfo.length !== 0) return this.fail(new DtlsError('renegotiation', 'DTLS: non-empty renegotiation_info', AlertDescription.HandshakeFailure), AlertDescription.HandshakeFailure);
    if (e.useSrtp) {
      const p = e.useSrtp.profiles.length === 1 ? this.profiles.find((x) => x.id === e.useSrtp!.profiles[0]) : undefined;
      // RFC 5764 §4.1.1: exactly one profile, one we offered, and our (empty) MKI.
      if (!p || e.useSrtp.mki.length !== 0) return illegal('use_srtp answer is not one of our profiles');
      this.profile = p;
    }
    // RFC 8449 §4: a value under 64 is a fatal illegal_parameter. A value above
    // 2^14 (which the server MUST NOT send) we MAY refuse; we clamp it instead (sendLimit).
    if (e.recordSizeLimit !== undefined && checkPeerRecordSizeLimit(e.recordSizeLimit) === 'illegal') {
      return illegal(`record_size_limit ${e.recordSizeLimit} is below 64 (RFC 8449)`);
    }
    // RFC 7627 §5.2: without the extension, abort unless legacy servers are allowed.
    if (e.extendedMasterSecret !== true && this.requireEms) return this.failNoEms('ServerHello');
    this.peerRsl = e.recordSizeLimit; // negotiated: we offered it (checked above) and the server answered
    this.suite = suite;
    this.useEms = e.extendedMasterSecret === true;
    this.serverRandom = sh.random;
    this.addToTranscript(m);
    this.expectedType = HandshakeType.Certificate;
  }

  private clientServerKeyExchange(m: HandshakeMessage): void {
    this.addToTranscript(m);
    const ske = decodeServerKeyExchange(m.body);
    if (!ske) return this.decodeFailed('ServerKeyExchange');
    const group = groupById(ske.namedCurve);
    if (!group || !this.groups.includes(group)) {
      return this.fail(new DtlsError('illegal-parameter', 'DTLS: server chose a group we did not offer', AlertDescription.IllegalParameter), AlertDescription.IllegalParameter);
    }
    const signed = concatBytes([this.clientRandom, this.serverRandom, encodeServerEcdhParams(ske.namedCurve, ske.publicKey)]);
    if (!this.verifyPeerSignature(ske.signatureAlgorithm, signed, ske.signature, this.suite!.auth === 'ecdsa' ? 'ec' : 'rsa')) return;
    this.keyAgreement = this.c.crypto.generateKeyAgreement(group);
    const pms = this.keyAgreement.deriveSecret(ske.publicKey);
    if (!pms) {
      return this.fail(new DtlsError('illegal-parameter', 'DTLS: invalid server ECDHE public key', AlertDescription.IllegalParameter), AlertDescription.IllegalParameter);
    }
    this.pendingPms = pms;
    this.expectedType = HandshakeType.CertificateRequest;
  }

  private pendingPms: Uint8Array | undefined;

  /** Flight 5: [Certificate], ClientKeyExchange, [CertificateVerify], ChangeCipherSpec, Finished. */
  private clientFlight5(): void {
    this.setState('preparing', 'ServerHelloDone received');
    const entries: FlightEntry[] = [];
    const cr = this.certificateRequested;
    if (cr) entries.push(this.handshakeEntry(HandshakeType.Certificate, encodeCertificate({ certificates: [this.certDer] })));
    entries.push(this.handshakeEntry(HandshakeType.ClientKeyExchange, encodeClientKeyExchange({ publicKey: this.keyAgreement!.publicKey })));
    this.deriveKeys();
    if (cr) {
      const scheme = this.chooseOwnScheme(cr.signatureAlgorithms);
      if (!scheme) {
        return this.fail(new DtlsError('handshake-failure', 'DTLS: no signature algorithm in common for CertificateVerify', AlertDescription.HandshakeFailure), AlertDescription.HandshakeFailure);
      }
      const signature = this.c.crypto.sign(scheme, this.privateKey, concatBytes(this.transcript));
      entries.push(this.handshakeEntry(HandshakeType.CertificateVerify, encodeCertificateVerify({ signatureAlgorithm: signatureSchemeId(scheme), signature })));
    }
    entries.push({ kind: 'ccs', epoch: 0 });
    this.installWriteKeys();
    const vd = verifyData(this.c.crypto, this.suite!.prfHash, this.master!, 'client finished', this.transcriptHash());
    entries.push(this.handshakeEntry(HandshakeType.Finished, encodeFinished({ verifyData: vd }), 1));
    this.expectedType = HandshakeType.Finished;
    this.sendFlight(5, entries, 'flight 5 (client key exchange and Finished)');
  }

  private clientFinished(m: HandshakeMessage): void {
    if (!this.checkFinished(m, 'server finished')) return;
    this.setState('finished', 'server Finished verified');
    this.deadline = undefined;
    this.maybeConnected();
  }

  // ------------------------------------------------------------ server

  /**
   * Server, before any state: parse the ClientHello straight from the
   * datagram; answer a missing or wrong cookie with a HelloVerifyRequest
   * (flight 2) and keep nothing (RFC 6347 §4.2.1).
   */
  private handleStatelessClientHello(datagram: Uint8Array, peer: string): void {
    const { records, malformed } = parseRecords(datagram);
    if (malformed) this.records.counters.malformed++;
    for (const r of records) {
      if (r.type !== ContentType.Handshake || r.epoch !== 0) {
        this.ctr.ignoredRecords++;
        continue;
      }
      const frags = parseHandshakeFragments(r.fragment);
      const first = frags?.[0];
      if (!frags || frags.length !== 1 || !first || first.type !== HandshakeType.ClientHello) {
        this.ctr.malformedHandshake++;
        continue;
      }
      // RFC 6347 §4.2.3: a ClientHello may come in fragments (browsers with post-quantum key
      // shares send ~1.4 KB); collect them, bounded, until the message is whole.
      const f = first.fragmentOffset === 0 && first.fragmentLength === first.length ? first : this.collectHelloFragment(first, peer);
      if (!f) continue;
      const hello = decodeClientHello(f.body);
      if (!hello) {
        this.ctr.malformedHandshake++;
        continue;
      }
      if (this.cookies && !this.cookies.verify(hello, peer)) {
        // Flight 2, stateless: same record sequence number and message_seq as the ClientHello.
        const body = encodeHelloVerifyRequest({ serverVersion: DTLS_1_0, cookie: this.cookies.issue(hello, peer) });
        const hs = new Uint8Array(12 + body.length);
        hs.set(encodeHandshakeMessage(HandshakeType.HelloVerifyRequest, f.messageSeq, body));
        const out = new Uint8Array(13 + hs.length);
        const rl = new RecordLayer();
        rl.writeSeqOverride(0, r.sequenceNumber);
        rl.writeRecord(out, 0, ContentType.Handshake, 0, hs, DTLS_1_0);
        this.transmits.push({ data: out });
        this.ctr.helloVerifyRequestsSent++;
        continue;
      }
      // The cookie checks: from here on we keep state.
      this.records.writeSeqOverride(0, r.sequenceNumber);
      this.records.markReceived(0, r.sequenceNumber);
      this.reassembler.reset(f.messageSeq + 1);
      this.nextSendSeq = f.messageSeq;
      this.transcript = [encodeHandshakeMessage(HandshakeType.ClientHello, f.messageSeq, f.body)];
      this.serverFlight4(hello);
      return;
    }
  }

  /**
   * Adds a fragment of a ClientHello from `peer` (before any state); returns
   * the whole message once every byte arrived. At most
   * {@link MAX_HELLO_REASSEMBLIES} peers and {@link MAX_HELLO_LENGTH} bytes
   * each are held; anything else is dropped and counted.
   */
  private collectHelloFragment(f: HandshakeFragment, peer: string): HandshakeFragment | undefined {
    if (f.length > MAX_HELLO_LENGTH || f.fragmentOffset + f.fragmentLength > f.length) {
      this.ctr.malformedHandshake++;
      return undefined;
    }
    let h = this.helloFragments.get(peer);
    if (!h || h.messageSeq !== f.messageSeq || h.body.length !== f.length) {
      if (!h && this.helloFragments.size >= MAX_HELLO_REASSEMBLIES) {
        this.ctr.malformedHandshake++;
        return undefined;
      }
      h = { messageSeq: f.messageSeq, body: new Uint8Array(f.length), have: new Uint8Array(f.length), missing: f.length };
      this.helloFragments.set(peer, h);
    }
    h.body.set(f.body.subarray(0, f.fragmentLength), f.fragmentOffset);
    for (let i = f.fragmentOffset; i < f.fragmentOffset + f.fragmentLength; i++) {
      if (h.have[i] === 0) {
        h.have[i] = 1;
        h.missing--;
      }
    }
    if (h.missing > 0) return undefined;
    this.helloFragments.delete(peer);
    return { type: f.type, length: f.length, messageSeq: f.messageSeq, fragmentOffset: 0, fragmentLength: f.length, body: h.body };
  }
  private readonly helloFragments = new Map<string, { messageSeq: number; body: Uint8Array; have: Uint8Array; missing: number }>();

  /** Flight 4: ServerHello, Certificate, ServerKeyExchange, CertificateRequest, ServerHelloDone. */
  private serverFlight4(hello: ClientHello): void {
    this.setState('preparing', 'ClientHello with a valid cookie');
    const fail = (code: string, msg: string, alert: number) => this.fail(new DtlsError(code, `DTLS: ${msg}`, alert), alert);
    // DTLS versions count down: 1.2 = 0xfefd < 1.0 = 0xfeff.
    if (hello.clientVersion > DTLS_1_2) return fail('version', 'client does not offer DTLS 1.2', AlertDescription.ProtocolVersion);
    if (!hello.compressionMethods.includes(0)) return fail('illegal-parameter', 'client does not offer null compression', AlertDescription.IllegalParameter);
    const e = hello.extensions;
    if (e.malformed?.length) return fail('decode-error', 'malformed ClientHello extension', AlertDescription.DecodeError);
    // RFC 8449 §4: a value under 64 is a fatal illegal_parameter; values above
    // 2^14 a server "MUST NOT enforce" against (sendLimit clamps them).
    if (e.recordSizeLimit !== undefined && checkPeerRecordSizeLimit(e.recordSizeLimit) === 'illegal') {
      return fail('illegal-parameter', `ClientHello record_size_limit ${e.recordSizeLimit} is below 64 (RFC 8449)`, AlertDescription.IllegalParameter);
    }
    if (e.renegotiationInfo && e.renegotiationInfo.length !== 0) return fail('renegotiation', 'non-empty renegotiation_info', AlertDescription.HandshakeFailure);
    const keyAuth = this.privateKey.keyType === 'ec' ? 'ecdsa' : 'rsa';
    const suite = this.suites.find((s) => s.auth === keyAuth && hello.cipherSuites.includes(s.id));
    if (!suite) return fail('handshake-failure', 'no cipher suite in common', AlertDescription.HandshakeFailure);
    // RFC 8422 §4: without supported_groups, assume P-256.
    const offeredGroups = e.supportedGroups ?? [23];
    const group = this.groups.find((g) => offeredGroups.includes(groupId(g)));
    if (!group) return fail('handshake-failure', 'no key exchange group in common', AlertDescription.HandshakeFailure);
    const peerSchemes = e.signatureAlgorithms ?? [];
    const scheme = this.chooseOwnScheme(peerSchemes);
    if (!scheme) return fail('handshake-failure', 'no signature algorithm in common', AlertDescription.HandshakeFailure);
    // RFC 5764 §4.1.1: pick one of the client's profiles (in our order); none in common = no use_srtp.
    if (e.useSrtp) this.profile = this.profiles.find((p) => e.useSrtp!.profiles.includes(p.id));
    // RFC 7627 §5.3: without the extension, abort unless legacy clients are allowed.
    if (e.extendedMasterSecret !== true && this.requireEms) return this.failNoEms('ClientHello');
    this.suite = suite;
    this.useEms = e.extendedMasterSecret === true;
    // RFC 8449 §4: answer only a client that offered it; then it is negotiated.
    if (e.recordSizeLimit !== undefined && this.localRsl !== undefined) this.peerRsl = e.recordSizeLimit;
    // A copy: the ClientHello may have been parsed straight from the caller's datagram (stateless path).
    this.clientRandom = hello.random.slice();
    this.serverRandom = this.makeRandom();
    const renegotiationOffered = e.renegotiationInfo !== undefined || hello.cipherSuites.includes(0x00ff);
    const extensions: HelloExtensions = {
      ...(renegotiationOffered ? { renegotiationInfo: new Uint8Array(0) } : {}),
      ...(this.useEms ? { extendedMasterSecret: true } : {}),
      ...(e.ecPointFormats ? { ecPointFormats: [0] } : {}),
      ...(this.profile ? { useSrtp: { profiles: [this.profile.id], mki: new Uint8Array(0) } } : {}),
      ...(this.peerRsl !== undefined ? { recordSizeLimit: this.localRsl } : {}),
    };
    const entries: FlightEntry[] = [];
    entries.push(
      this.handshakeEntry(
        HandshakeType.ServerHello,
        encodeServerHello({ serverVersion: DTLS_1_2, random: this.serverRandom, sessionId: new Uint8Array(0), cipherSuite: suite.id, compressionMethod: 0, extensions }),
      ),
    );
    entries.push(this.handshakeEntry(HandshakeType.Certificate, encodeCertificate({ certificates: [this.certDer] })));
    this.keyAgreement = this.c.crypto.generateKeyAgreement(group);
    const params = encodeServerEcdhParams(groupId(group), this.keyAgreement.publicKey);
    const signature = this.c.crypto.sign(scheme, this.privateKey, concatBytes([this.clientRandom, this.serverRandom, params]));
    entries.push(
      this.handshakeEntry(
        HandshakeType.ServerKeyExchange,
        encodeServerKeyExchange({ namedCurve: groupId(group), publicKey: this.keyAgreement.publicKey, signatureAlgorithm: signatureSchemeId(scheme), signature }),
      ),
    );
    entries.push(
      this.handshakeEntry(
        HandshakeType.CertificateRequest,
        encodeCertificateRequest({
          certificateTypes: [ClientCertificateType.EcdsaSign, ClientCertificateType.RsaSign],
          signatureAlgorithms: this.schemes.map(signatureSchemeId),
          authorities: [],
        }),
      ),
    );
    entries.push(this.handshakeEntry(HandshakeType.ServerHelloDone, encodeServerHelloDone()));
    this.expectedType = HandshakeType.Certificate;
    this.sendFlight(4, entries, 'flight 4 (ServerHello ... ServerHelloDone)');
  }

  private serverMessage(m: HandshakeMessage): void {
    switch (m.type) {
      case HandshakeType.ClientHello:
        // A ClientHello while negotiating: a retransmission overtaken by our flight; ignore.
        this.ctr.ignoredRecords++;
        return;
      case HandshakeType.Certificate: {
        this.addToTranscript(m);
        const cert = decodeCertificate(m.body);
        if (!cert) return this.decodeFailed('Certificate');
        if (cert.certificates.length === 0) {
          if (this.requireClientCert) {
            return this.fail(new DtlsError('no-certificate', 'DTLS: the client sent no certificate', AlertDescription.HandshakeFailure), AlertDescription.HandshakeFailure);
          }
        } else if (!this.acceptPeerCertificate(cert.certificates)) return;
        this.expectedType = HandshakeType.ClientKeyExchange;
        return;
      }
      case HandshakeType.ClientKeyExchange: {
        this.addToTranscript(m);
        const cke = decodeClientKeyExchange(m.body);
        if (!cke) return this.decodeFailed('ClientKeyExchange');
        const pms = this.keyAgreement!.deriveSecret(cke.publicKey);
        if (!pms) {
          return this.fail(new DtlsError('illegal-parameter', 'DTLS: invalid client ECDHE public key', AlertDescription.IllegalParameter), AlertDescription.IllegalParameter);
        }
        this.pendingPms = pms;
        this.deriveKeys();
        this.expectedType = this.peerPublicKey ? HandshakeType.CertificateVerify : HandshakeType.Finished;
        return;
      }
      case HandshakeType.CertificateVerify: {
        const cv = decodeCertificateVerify(m.body);
        if (!cv) return this.decodeFailed('CertificateVerify');
        const keyType = this.peerPublicKey!.keyType === 'rsa' ? 'rsa' : 'ec';
        if (!this.verifyPeerSignature(cv.signatureAlgorithm, concatBytes(this.transcript), cv.signature, keyType)) return;
        this.addToTranscript(m);
        this.expectedType = HandshakeType.Finished;
        return;
      }
      case HandshakeType.Finished: {
        if (!this.checkFinished(m, 'client finished')) return;
        this.setState('preparing', 'client Finished verified');
        const vd = verifyData(this.c.crypto, this.suite!.prfHash, this.master!, 'server finished', this.transcriptHash());
        const entries: FlightEntry[] = [{ kind: 'ccs', epoch: 0 }];
        this.installWriteKeys();
        entries.push(this.handshakeEntry(HandshakeType.Finished, encodeFinished({ verifyData: vd }), 1));
        this.sendFlight(6, entries, 'flight 6 (ChangeCipherSpec, Finished)', true);
        this.maybeConnected();
        return;
      }
    }
  }

  // ------------------------------------------------------------ shared

  private chooseOwnScheme(peerAccepts: readonly number[]): SignatureScheme | undefined {
    const k = this.privateKey;
    for (const s of this.schemes) {
      if (schemeKeyType(s) !== k.keyType) continue;
      if (k.keyType === 'ec' && s === 'ecdsa_secp384r1_sha384' && k.curve !== 'p-384') continue;
      if (k.keyType === 'ec' && s === 'ecdsa_secp256r1_sha256' && k.curve !== 'p-256') continue;
      if (peerAccepts.includes(signatureSchemeId(s))) return s;
    }
    return undefined;
  }

  private verifyPeerSignature(algorithm: number, data: Uint8Array, signature: Uint8Array, keyType: 'ec' | 'rsa'): boolean {
    const scheme = signatureSchemeById(algorithm);
    const key = this.peerPublicKey;
    if (!scheme || !this.schemes.includes(scheme) || !key || schemeKeyType(scheme) !== keyType || key.keyType !== keyType) {
      this.fail(new DtlsError('illegal-parameter', 'DTLS: signature algorithm not offered or not matching the certificate key', AlertDescription.IllegalParameter), AlertDescription.IllegalParameter);
      return false;
    }
    if (!this.c.crypto.verify(scheme, key, data, signature)) {
      this.fail(new DtlsError('bad-signature', 'DTLS: the peer signature does not verify', AlertDescription.DecryptError), AlertDescription.DecryptError);
      return false;
    }
    return true;
  }

  /** Imports the peer's end-entity key and checks its fingerprint if we know the expected ones. */
  private acceptPeerCertificate(chain: Uint8Array[]): boolean {
    const der = chain[0];
    const spki = der ? certificatePublicKeySpki(der) : undefined;
    const key = spki ? this.c.crypto.importPublicKey(spki) : undefined;
    if (!der || !key || (key.keyType !== 'ec' && key.keyType !== 'rsa')) {
      this.fail(new DtlsError('bad-certificate', 'DTLS: the peer certificate cannot be parsed or has an unsupported key', AlertDescription.BadCertificate), AlertDescription.BadCertificate);
      return false;
    }
    this.peerCertificate = der;
    this.peerPublicKey = key;
    if (this.remoteFingerprints && this.remoteFingerprints.length > 0) return this.checkFingerprint();
    return true;
  }

  /** Point 5: the peer certificate must match a signaled fingerprint, or we fail with bad_certificate. */
  private checkFingerprint(): boolean {
    const fps = this.remoteFingerprints;
    if (!fps || fps.length === 0 || !this.peerCertificate) return false;
    if (matchesFingerprint(this.peerCertificate, fps, this.c.crypto)) {
      this.peerCertificateVerified = true;
      return true;
    }
    const shown = fps.map((f) => `${f.algorithm} ${f.value}`).join(', ');
    this.fail(
      new DtlsError('fingerprint-mismatch', `DTLS: the peer certificate does not match the expected fingerprint (${shown})`, AlertDescription.BadCertificate),
      AlertDescription.BadCertificate,
    );
    return false;
  }

  private deriveKeys(): void {
    const suite = this.suite!;
    // RFC 7627 §4: session_hash covers the transcript through ClientKeyExchange.
    const sessionHash = this.useEms ? this.transcriptHash() : undefined;
    this.master = masterSecret(this.c.crypto, suite.prfHash, this.pendingPms!, this.clientRandom, this.serverRandom, sessionHash);
    this.pendingPms = undefined;
    const keys = trafficKeys(this.c.crypto, suite, this.master, this.clientRandom, this.serverRandom);
    const client = this.role === 'client';
    this.pendingWrite = new RecordProtection(this.c.crypto, suite, client ? keys.clientWriteKey : keys.serverWriteKey, client ? keys.clientWriteIv : keys.serverWriteIv);
    // Read keys go in now: a Finished that overtakes the ChangeCipherSpec still decrypts.
    this.records.installRead(
      1,
      new RecordProtection(this.c.crypto, suite, client ? keys.serverWriteKey : keys.clientWriteKey, client ? keys.serverWriteIv : keys.clientWriteIv),
      this.onRecord,
      // RFC 8449 §4: records protected with these keys obey the limits of this handshake.
      this.localRecordSizeLimit ?? MAX_PLAINTEXT_LENGTH,
    );
  }

  private pendingWrite: RecordProtection | undefined;

  private installWriteKeys(): void {
    this.records.installWrite(1, this.pendingWrite!);
  }

  private checkFinished(m: HandshakeMessage, label: 'client finished' | 'server finished'): boolean {
    if (m.epoch < 1) {
      this.fail(new DtlsError('unexpected-message', 'DTLS: Finished outside the protected epoch', AlertDescription.UnexpectedMessage), AlertDescription.UnexpectedMessage);
      return false;
    }
    const fin = decodeFinished(m.body);
    if (!fin) {
      this.decodeFailed('Finished');
      return false;
    }
    const expected = verifyData(this.c.crypto, this.suite!.prfHash, this.master!, label, this.transcriptHash());
    if (!equalBytesConstantTime(expected, fin.verifyData)) {
      this.fail(new DtlsError('bad-finished', 'DTLS: the peer Finished does not verify', AlertDescription.DecryptError), AlertDescription.DecryptError);
      return false;
    }
    this.addToTranscript(m);
    return true;
  }

  /** Emits `connected` once the handshake finished and the fingerprint matched; then releases held data. */
  private maybeConnected(): void {
    if (this.connectedEmitted || this.stateValue !== 'finished') return;
    if (!this.peerCertificateVerified && !this.peerCertificate) {
      // Only reachable on a server with requireClientCertificate: false whose
      // client sent no certificate: nothing can match a signaled fingerprint.
      if (this.remoteFingerprints && this.remoteFingerprints.length > 0) {
        this.fail(new DtlsError('no-certificate', 'DTLS: the client sent no certificate but a fingerprint was expected', AlertDescription.HandshakeFailure), AlertDescription.HandshakeFailure);
        return;
      }
    } else if (!this.peerCertificateVerified) {
      if (!this.remoteFingerprints || this.remoteFingerprints.length === 0) {
        this.log.debug(`dtls ${this.role}: handshake done, waiting for the remote fingerprint`);
        return;
      }
      if (!this.checkFingerprint()) return;
    }
    this.connectedEmitted = true;
    this.events.push({
      type: 'connected',
      srtpProfile: this.profile?.name,
      cipherSuite: this.suite!.name,
      peerCertificate: this.peerCertificate ?? new Uint8Array(0),
      extendedMasterSecret: this.useEms,
    });
    for (const d of this.earlyData) this.events.push({ type: 'data', data: d });
    this.earlyData = [];
  }
}
