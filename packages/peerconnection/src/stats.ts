/**
 * getStats(): builds the RTCStatsReport of a connection from its transport,
 * with the stats types and member names of W3C webrtc-stats:
 *
 * | type | id | references |
 * |---|---|---|
 * | `peer-connection` | `P` | |
 * | `transport` | `T01` | `selectedCandidatePairId`, `localCertificateId`, `remoteCertificateId` |
 * | `candidate-pair` | `CP<local>_<remote>` | `transportId`, `localCandidateId`, `remoteCandidateId` |
 * | `local-candidate` / `remote-candidate` | `I<hash>` | `transportId` |
 * | `certificate` | `CF<fingerprint>` | |
 * | `data-channel` | `D<n>` | |
 *
 * Every object of one report has the same `timestamp` (performance.timeOrigin
 * + performance.now(), the DOMHighResTimeStamp epoch webrtc-stats uses);
 * `lastPacketSentTimestamp` and friends are on the same time line.
 */
import type { PairCounters, PairStatsRecorder } from './pair-stats.js';
import { INTERNAL } from './internal.js';
import { iceTransportSlots, type RTCIceTransport } from './RTCIceTransport.js';
import { dtlsTransportSlots, type RTCDtlsTransport } from './RTCDtlsTransport.js';
import { RTCStatsReport } from './RTCStatsReport.js';
import type { RTCDataChannelState } from './RTCDataChannel.js';
import type { RTCCertificateStats, RTCDataChannelStats, RTCIceCandidatePairStats, RTCIceCandidateStats, RTCStatsAny, RTCTransportStats } from './stats-types.js';
import type { PeerTransport } from './transport/peer-transport.js';
import type { IceCandidate, PairCheckCounters, PairDataCounters } from '@purertc/ice';

/** Message counters of one data channel (RTCDataChannelStats). */
export interface ChannelCounters {
  /** The stats object id (`D<n>`), stable for the channel's lifetime. */
  statsId: string;
  messagesSent: number;
  bytesSent: number;
  messagesReceived: number;
  bytesReceived: number;
}

/** What {@link buildStatsReport} reads. */
export interface StatsInput {
  /** The report's timestamp (ms since the time origin's epoch). */
  now: number;
  /** Converts a driver clock reading (ms) to the report's time line. */
  clockToTimestamp: (ms: number) => number;
  transport: PeerTransport | undefined;
  iceTransport: RTCIceTransport;
  dtlsTransport: RTCDtlsTransport;
  localFingerprint: { algorithm: string; value: string };
  localCertificateDer: Uint8Array;
  remoteCertificateDer: Uint8Array | undefined;
  /** Computes the peer certificate's fingerprint (sha-256). */
  remoteFingerprint?: { algorithm: string; value: string } | undefined;
  pairStats: PairStatsRecorder;
  selectedPairChanges: number;
  dataChannelsOpened: number;
  dataChannelsClosed: number;
  channels: { channel: { label: string; protocol: string; id: number | null; readyState: RTCDataChannelState }; counters: ChannelCounters }[];
  localUfrag: string | undefined;
}

const TRANSPORT_ID = 'T01';

/** Standard base64 (RFC 4648 §4) of DER bytes, for RTCCertificateStats.base64Certificate. */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** A short stable id for a candidate (its 5-tuple and type). */
export function candidateStatsId(c: IceCandidate): string {
  let h = 0x811c9dc5;
  const s = `${c.type}|${c.protocol}|${c.address}|${c.port}|${c.foundation}`;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return `I${(h >>> 0).toString(36)}`;
}

function candidateStats(c: IceCandidate, type: 'local-candidate' | 'remote-candidate', timestamp: number): RTCIceCandidateStats {
  const s: RTCIceCandidateStats = {
    id: candidateStatsId(c),
    type,
    timestamp,
    transportId: TRANSPORT_ID,
    address: c.address,
    port: c.port,
    protocol: c.protocol,
    candidateType: c.type,
    priority: c.priority,
    foundation: c.foundation,
  };
  if (c.relatedAddress !== undefined) s.relatedAddress = c.relatedAddress;
  if (c.relatedPort !== undefined) s.relatedPort = c.relatedPort;
  if (c.usernameFragment !== undefined) s.usernameFragment = c.usernameFragment;
  if (c.tcpType !== undefined) s.tcpType = c.tcpType;
  if (c.relayProtocol !== undefined) s.relayProtocol = c.relayProtocol;
  return s;
}

function certificateStats(fp: { algorithm: string; value: string }, der: Uint8Array, timestamp: number): RTCCertificateStats {
  return {
    id: `CF${fp.value}`,
    type: 'certificate',
    timestamp,
    fingerprint: fp.value,
    fingerprintAlgorithm: fp.algorithm,
    base64Certificate: toBase64(der),
  };
}

/** The counters of a relayed pair, all from the ICE agent (see buildStatsReport); times in seconds. */
function relayedCounters(d: PairDataCounters, c: PairCheckCounters): PairCounters {
  return {
    packetsSent: d.packetsSent,
    packetsReceived: d.packetsReceived,
    bytesSent: d.bytesSent,
    bytesReceived: d.bytesReceived,
    requestsSent: c.requestsSent,
    requestsReceived: c.requestsReceived,
    responsesSent: c.responsesSent,
    responsesReceived: c.responsesReceived,
    consentRequestsSent: c.consentRequestsSent,
    totalRoundTripTime: c.totalRoundTripTimeMs / 1000,
    currentRoundTripTime: c.currentRoundTripTimeMs === undefined ? undefined : c.currentRoundTripTimeMs / 1000,
    lastPacketSentAt: d.lastSentAt,
    lastPacketReceivedAt: d.lastReceivedAt,
  };
}

/** The base (socket address) of a local candidate: a host is its own base, others their related address. */
function baseAddress(c: IceCandidate): { address: string; port: number } {
  if (c.type === 'host' || c.relatedAddress === undefined) return { address: c.address, port: c.port };
  return { address: c.relatedAddress, port: c.relatedPort ?? 0 };
}

/** Builds the report (webrtc-pc §8.2 "stats selection algorithm" with a null selector: everything). */
export function buildStatsReport(input: StatsInput): RTCStatsReport {
  const ts = input.now;
  const out: RTCStatsAny[] = [];
  out.push({ id: 'P', type: 'peer-connection', timestamp: ts, dataChannelsOpened: input.dataChannelsOpened, dataChannelsClosed: input.dataChannelsClosed });

  const pt = input.transport;
  const ice = iceTransportSlots(input.iceTransport);
  const dtls = dtlsTransportSlots(input.dtlsTransport);
  const localCertId = `CF${input.localFingerprint.value}`;
  out.push(certificateStats(input.localFingerprint, input.localCertificateDer, ts));
  let remoteCertId: string | undefined;
  if (input.remoteCertificateDer && input.remoteFingerprint) {
    remoteCertId = `CF${input.remoteFingerprint.value}`;
    out.push(certificateStats(input.remoteFingerprint, input.remoteCertificateDer, ts));
  }

  let selectedId: string | undefined;
  if (pt) {
    const locals = pt.ice.getLocalCandidates();
    const remotes = pt.ice.getRemoteCandidates();
    const seen = new Set<string>();
    const selected = ice.state !== 'closed' ? pt.ice.getSelectedPair() : undefined;
    const pairs = pt.ice.getPairs();
    // Candidates referenced by pairs first (prflx ones are not in the lists).
    for (const p of pairs) {
      for (const [c, kind] of [[p.local, 'local-candidate'], [p.remote, 'remote-candidate']] as const) {
        const id = candidateStatsId(c);
        if (!seen.has(id)) {
          seen.add(id);
          out.push(candidateStats(c, kind, ts));
        }
      }
    }
    for (const c of locals) if (!seen.has(candidateStatsId(c))) (seen.add(candidateStatsId(c)), out.push(candidateStats(c, 'local-candidate', ts)));
    for (const c of remotes) if (!seen.has(candidateStatsId(c))) (seen.add(candidateStatsId(c)), out.push(candidateStats(c, 'remote-candidate', ts)));
    for (const p of pairs) {
      const localId = candidateStatsId(p.local);
      const remoteId = candidateStatsId(p.remote);
      const id = `CP${localId.slice(1)}_${remoteId.slice(1)}`;
      // A relayed pair's wire 5-tuple is the TURN server's, shared with every other relayed pair:
      // its counters come from the agent, which knows each check's pair (payload bytes before TURN
      // framing; requests, responses and round-trip times of its own checks).
      const counters: PairCounters | undefined = p.local.type === 'relay' ? relayedCounters(p.data, p.checks) : input.pairStats.get(baseAddress(p.local), { address: p.remote.address, port: p.remote.port });
      const s: RTCIceCandidatePairStats = {
        id,
        type: 'candidate-pair',
        timestamp: ts,
        transportId: TRANSPORT_ID,
        localCandidateId: localId,
        remoteCandidateId: remoteId,
        state: p.state,
        nominated: p.nominated,
        packetsSent: counters?.packetsSent ?? 0,
        packetsReceived: counters?.packetsReceived ?? 0,
        bytesSent: counters?.bytesSent ?? 0,
        bytesReceived: counters?.bytesReceived ?? 0,
        totalRoundTripTime: counters?.totalRoundTripTime ?? 0,
        requestsSent: counters?.requestsSent ?? 0,
        requestsReceived: counters?.requestsReceived ?? 0,
        responsesSent: counters?.responsesSent ?? 0,
        responsesReceived: counters?.responsesReceived ?? 0,
        consentRequestsSent: counters?.consentRequestsSent ?? 0,
      };
      if (counters?.currentRoundTripTime !== undefined) s.currentRoundTripTime = counters.currentRoundTripTime;
      if (counters?.lastPacketSentAt !== undefined) s.lastPacketSentTimestamp = input.clockToTimestamp(counters.lastPacketSentAt);
      if (counters?.lastPacketReceivedAt !== undefined) s.lastPacketReceivedTimestamp = input.clockToTimestamp(counters.lastPacketReceivedAt);
      if (selected && candidateStatsId(selected.local) === localId && candidateStatsId(selected.remote) === remoteId) selectedId = id;
      out.push(s);
    }
  }

  const totals = input.pairStats.totals();
  // dtlsRole is always set, but after the optional members (the object's key order is part of
  // what getStats() emits), so it is optional until the assertion below.
  const transport: Omit<RTCTransportStats, 'dtlsRole'> & Partial<Pick<RTCTransportStats, 'dtlsRole'>> = {
    id: TRANSPORT_ID,
    type: 'transport',
    timestamp: ts,
    packetsSent: totals.packetsSent,
    packetsReceived: totals.packetsReceived,
    bytesSent: totals.bytesSent,
    bytesReceived: totals.bytesReceived,
    dtlsState: dtls.state,
    iceState: ice.state,
    selectedCandidatePairChanges: input.selectedPairChanges,
    localCertificateId: localCertId,
  };
  if (ice.role !== 'unknown') transport.iceRole = ice.role;
  if (input.localUfrag !== undefined) transport.iceLocalUsernameFragment = input.localUfrag;
  if (selectedId !== undefined) transport.selectedCandidatePairId = selectedId;
  if (remoteCertId !== undefined) transport.remoteCertificateId = remoteCertId;
  if (pt?.role) transport.dtlsRole = pt.role;
  else transport.dtlsRole = 'unknown';
  if (pt?.dtls?.connected) transport.tlsVersion = 'FEFD'; // DTLS 1.2 (RFC 6347 §4.1), as webrtc-stats spells it: hex of the version field
  out.splice(1, 0, transport as RTCTransportStats);

  for (const { channel, counters } of input.channels) {
    const s: RTCDataChannelStats = {
      id: counters.statsId,
      type: 'data-channel',
      timestamp: ts,
      label: channel.label,
      protocol: channel.protocol,
      state: channel.readyState,
      messagesSent: counters.messagesSent,
      bytesSent: counters.bytesSent,
      messagesReceived: counters.messagesReceived,
      bytesReceived: counters.bytesReceived,
    };
    if (channel.id !== null) s.dataChannelIdentifier = channel.id;
    out.push(s);
  }
  return new RTCStatsReport(INTERNAL, out);
}
