/**
 * Public types of the ICE agent: options, states and events.
 */
import type { Address, Components } from '@purertc/common';
import type { IceCandidate } from './candidate.js';
import type { IceCandidateErrorData } from './turn-client.js';

/** RTCIceTransportState. */
export type IceTransportState = 'new' | 'checking' | 'connected' | 'completed' | 'disconnected' | 'failed' | 'closed';
/** RTCIceGathererState. */
export type IceGathererState = 'new' | 'gathering' | 'complete';
/** RTCIceRole. */
export type IceRole = 'controlling' | 'controlled';
/** RTCIceCandidatePairState (plus the RFC's). */
export type CandidatePairState = 'frozen' | 'waiting' | 'in-progress' | 'succeeded' | 'failed';

/** RTCIceServer. */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** One address of a network interface, as `os.networkInterfaces()` lists it (flattened). */
export interface NetworkInterfaceAddress {
  name: string;
  address: string;
  family: 'IPv4' | 'IPv6';
  internal: boolean;
}

/**
 * Resolves a hostname to IP address literals: synchronously (an array) or
 * asynchronously (a promise). An empty list, non-IP entries, a throw or a
 * rejection mean "unresolvable". Injected: the agent never does DNS itself.
 */
export type IceResolver = (hostname: string) => readonly string[] | PromiseLike<readonly string[]>;

/**
 * What the agent asks of its driver for TURN over TCP/TLS (RFC 8656 §3.1):
 * open a stream connection, write bytes on it, close it. Drained with
 * {@link IceAgent.pollStreamCommand}; the driver reports back with
 * `handleStreamOpen`, `handleStreamData` and `handleStreamClosed`.
 */
export type IceStreamCommand =
  /** Open a TCP (`tcp`) or TLS-over-TCP (`tls`, verify the certificate for `servername`) connection to `to`. */
  | { type: 'open'; id: number; transport: 'tcp' | 'tls'; to: Address; servername: string }
  /** Write `data` (owned by the receiver) on the stream, in order. */
  | { type: 'write'; id: number; data: Uint8Array }
  /** Close the stream after pending writes (end, not reset). */
  | { type: 'close'; id: number };

/** Options of an {@link IceAgent}. */
export interface IceAgentOptions {
  components: Components;
  /** Initial role (the offerer is controlling, RFC 8445 §6.1.1). Default true. */
  controlling?: boolean;
  iceServers?: IceServer[];
  /** RTCIceTransportPolicy. */
  iceTransportPolicy?: 'all' | 'relay';
  /** Lists local interface addresses (injected; e.g. from os.networkInterfaces()). */
  interfaces?: () => NetworkInterfaceAddress[];
  /**
   * Binds (or looks up) a UDP socket on `address` and returns its port, or
   * undefined if that address cannot be used. Injected: the agent opens nothing.
   */
  bind?: (address: string, family: 'IPv4' | 'IPv6') => number | undefined;
  /** Gather on loopback interfaces (default false). */
  includeLoopback?: boolean;
  /** Gather on IPv6 link-local addresses (default false). */
  includeLinkLocal?: boolean;
  /** Gather IPv6 at all (default true). */
  ipv6?: boolean;
  /** Local credentials (generated when absent: 4+ and 22+ characters of ice-char, RFC 8839 §5.4). */
  localUfrag?: string;
  localPwd?: string;
  /** The remote is an ICE-lite implementation (a=ice-lite): we must be controlling and we nominate. */
  remoteIceLite?: boolean;
  /** Pacing interval Ta between new checks, ms (RFC 8445 §14.2; default 50). */
  ta?: number;
  /** Initial RTO of connectivity checks, ms (default 250, doubling, capped at 1000, 7 sends). */
  checkRto?: number;
  /** Controlling side: wait this long after the first valid pair for a better one before nominating (default 200 ms). */
  nominationDelay?: number;
  /** Base interval of consent checks on the selected pair, ms; each is randomized to 0.8-1.2× (RFC 7675 §5.1; default 2500). */
  consentInterval?: number;
  /** No authenticated traffic on the selected pair for this long → 'disconnected' (default 5000, like browsers). */
  disconnectedTimeout?: number;
  /** No consent response for this long → consent lost, 'failed' (RFC 7675: 30000). */
  consentTimeout?: number;
  /** Without a selected pair, all pairs failed for this long (and no end-of-candidates) → 'failed' (default 5000). */
  failedGrace?: number;
  /** Memory bounds against floods (defaults 64 remote candidates, 256 pairs). */
  maxRemoteCandidates?: number;
  maxPairs?: number;
  /**
   * Resolves STUN/TURN server hostnames (a driver passes e.g. `dns.lookup`
   * with `all: true`). Without it only IP literals work; an unresolvable name
   * gives a 701 `candidate-error` with the URL.
   */
  resolver?: IceResolver;
  /**
   * Resolves remote `.local` (mDNS) candidate names. Without it the agent
   * emits `mdns-query` events and expects {@link IceAgent.resolveMdns}.
   */
  mdnsResolver?: IceResolver;
  /**
   * Called (from a promise callback, never during an agent call) when an
   * asynchronous resolution has settled: call `handleTimeout(now)` and drain.
   * `pollTimeout()` also returns the current time while answers wait.
   */
  onWake?: () => void;
  /** A TURN-over-TCP/TLS stream not reported open within this many ms is given up (701; default 10000). */
  streamOpenTimeout?: number;
  /** SOFTWARE attribute to send (default none). */
  software?: string;
  /**
   * `data` events carry a copy of the datagram (default true). `false`: a
   * view of the bytes passed to {@link IceAgent.handle}, for a caller that
   * drains the events before it reuses (or lets go of) that buffer and copies
   * whatever it keeps; one copy less per datagram.
   */
  copyData?: boolean;
}

/** A local candidate and where it sends from. */
export interface LocalCandidateInfo {
  candidate: IceCandidate;
  /** The local socket (base) the candidate sends from. */
  base: Address;
}

/**
 * Application data (everything that is not STUN) on one candidate pair, as
 * the agent sends and accepts it: payload bytes, before any TURN framing
 * (RTCIceCandidatePairStats packets/bytes for pairs whose wire 5-tuple is the
 * TURN server's). Times are the agent's clock (ms).
 */
export interface PairDataCounters {
  packetsSent: number;
  bytesSent: number;
  packetsReceived: number;
  bytesReceived: number;
  lastSentAt: number | undefined;
  lastReceivedAt: number | undefined;
}

/**
 * Connectivity checks on one candidate pair, counted by the agent itself
 * (so relayed pairs, whose checks travel inside TURN framing, are counted
 * too): the RTCIceCandidatePairStats members of webrtc-stats §7.10.
 * Requests are counted once, not per retransmission; consent requests
 * (RFC 7675) are counted apart from the checks. Round-trip times (ms, the
 * agent's clock) come from success responses to requests that were sent
 * once: a response to a retransmitted request is ambiguous (Karn's rule,
 * RFC 6298 §3) and gives no sample.
 */
export interface PairCheckCounters {
  /** Checks sent (Binding requests other than consent), first transmissions only. */
  requestsSent: number;
  /** Consent freshness requests sent (RFC 7675), first transmissions only. */
  consentRequestsSent: number;
  /** Authenticated Binding requests from the peer answered with a success response on this pair. */
  requestsReceived: number;
  /** Success responses we sent on this pair. */
  responsesSent: number;
  /** Authenticated success responses to our checks and consent requests. */
  responsesReceived: number;
  /** Sum of the round-trip times measured, ms. */
  totalRoundTripTimeMs: number;
  /** The latest round-trip time measured, ms; undefined before the first. */
  currentRoundTripTimeMs: number | undefined;
  /** How many round-trip times were measured. */
  roundTripTimeMeasurements: number;
}

/** A candidate pair as reported to the user (RTCIceCandidatePair). */
export interface CandidatePairInfo {
  local: IceCandidate;
  remote: IceCandidate;
}

/** Events drained with {@link IceAgent.pollEvent}. */
export type IceAgentEvent =
  | { type: 'state'; state: IceTransportState }
  | { type: 'gathering-state'; state: IceGathererState }
  | { type: 'candidate'; candidate: IceCandidate }
  | { type: 'end-of-candidates' }
  | { type: 'candidate-error'; error: IceCandidateErrorData }
  | { type: 'selected-pair'; pair: CandidatePairInfo }
  | { type: 'role'; role: IceRole }
  /** A remote `.local` candidate needs resolving: call {@link IceAgent.resolveMdns} with the answer. */
  | { type: 'mdns-query'; hostname: string }
  /** Application data (not STUN) received on a valid pair. `data` is owned by the receiver. */
  | { type: 'data'; data: Uint8Array; from: Address };
