/**
 * The typed stats dictionaries (stats-types.ts) against what getStats()
 * really emits: two purertc peers connected over loopback UDP, each report's
 * objects narrowed by `type` (no casts), and every object checked to carry
 * exactly the members its webrtc-stats interface allows: every non-optional
 * member present, no member the interface does not declare, each member of
 * the JavaScript type its IDL type maps to.
 *
 * The per-type member tables below are typed `Shape<Interface>`, a mapped type
 * computed from the interface, so the compiler rejects a table that lists a
 * member the interface lacks, misses one it has, or gets its presence or
 * JavaScript type wrong: the tables cannot drift from the declarations.
 */
import {
  RTCPeerConnection,
  type RTCCertificateStats,
  type RTCDataChannelStats,
  type RTCIceCandidatePairStats,
  type RTCIceCandidateStats,
  type RTCPeerConnectionStats,
  type RTCReportedStatsType,
  type RTCStatsAny,
  type RTCStatsReport,
  type RTCTransportStats,
} from '@purertc/peerconnection';
import { connectPair } from '../../../test/connect-pair';

/** The `typeof` name of a member's (non-null) value. */
type JsType<V> = [NonNullable<V>] extends [boolean] ? 'boolean' : [NonNullable<V>] extends [number] ? 'number' : [NonNullable<V>] extends [string] ? 'string' : never;
/** Whether a member may be absent. */
type Presence<T, K extends keyof T> = object extends Pick<T, K> ? 'optional' : 'required';
/** For each member of T: [presence, JavaScript type, whether null is allowed]. */
type Shape<T> = { [K in keyof T]-?: readonly [Presence<T, K>, JsType<T[K]>, null extends T[K] ? 'nullable' : 'non-null'] };

const peerConnectionShape: Shape<RTCPeerConnectionStats> = {
  id: ['required', 'string', 'non-null'],
  type: ['required', 'string', 'non-null'],
  timestamp: ['required', 'number', 'non-null'],
  dataChannelsOpened: ['required', 'number', 'non-null'],
  dataChannelsClosed: ['required', 'number', 'non-null'],
};

const transportShape: Shape<RTCTransportStats> = {
  id: ['required', 'string', 'non-null'],
  type: ['required', 'string', 'non-null'],
  timestamp: ['required', 'number', 'non-null'],
  packetsSent: ['required', 'number', 'non-null'],
  packetsReceived: ['required', 'number', 'non-null'],
  bytesSent: ['required', 'number', 'non-null'],
  bytesReceived: ['required', 'number', 'non-null'],
  iceRole: ['optional', 'string', 'non-null'],
  iceLocalUsernameFragment: ['optional', 'string', 'non-null'],
  dtlsState: ['required', 'string', 'non-null'],
  iceState: ['required', 'string', 'non-null'],
  selectedCandidatePairId: ['optional', 'string', 'non-null'],
  localCertificateId: ['required', 'string', 'non-null'],
  remoteCertificateId: ['optional', 'string', 'non-null'],
  tlsVersion: ['optional', 'string', 'non-null'],
  dtlsCipher: ['optional', 'string', 'non-null'],
  dtlsRole: ['required', 'string', 'non-null'],
  srtpCipher: ['optional', 'string', 'non-null'],
  selectedCandidatePairChanges: ['required', 'number', 'non-null'],
  ccfbMessagesSent: ['optional', 'number', 'non-null'],
  ccfbMessagesReceived: ['optional', 'number', 'non-null'],
};

const candidatePairShape: Shape<RTCIceCandidatePairStats> = {
  id: ['required', 'string', 'non-null'],
  type: ['required', 'string', 'non-null'],
  timestamp: ['required', 'number', 'non-null'],
  transportId: ['required', 'string', 'non-null'],
  localCandidateId: ['required', 'string', 'non-null'],
  remoteCandidateId: ['required', 'string', 'non-null'],
  state: ['required', 'string', 'non-null'],
  nominated: ['required', 'boolean', 'non-null'],
  packetsSent: ['required', 'number', 'non-null'],
  packetsReceived: ['required', 'number', 'non-null'],
  bytesSent: ['required', 'number', 'non-null'],
  bytesReceived: ['required', 'number', 'non-null'],
  lastPacketSentTimestamp: ['optional', 'number', 'non-null'],
  lastPacketReceivedTimestamp: ['optional', 'number', 'non-null'],
  totalRoundTripTime: ['required', 'number', 'non-null'],
  currentRoundTripTime: ['optional', 'number', 'non-null'],
  availableOutgoingBitrate: ['optional', 'number', 'non-null'],
  availableIncomingBitrate: ['optional', 'number', 'non-null'],
  requestsReceived: ['required', 'number', 'non-null'],
  requestsSent: ['required', 'number', 'non-null'],
  responsesReceived: ['required', 'number', 'non-null'],
  responsesSent: ['required', 'number', 'non-null'],
  consentRequestsSent: ['required', 'number', 'non-null'],
  packetsDiscardedOnSend: ['optional', 'number', 'non-null'],
  bytesDiscardedOnSend: ['optional', 'number', 'non-null'],
};

const candidateShape: Shape<RTCIceCandidateStats> = {
  id: ['required', 'string', 'non-null'],
  type: ['required', 'string', 'non-null'],
  timestamp: ['required', 'number', 'non-null'],
  transportId: ['required', 'string', 'non-null'],
  address: ['required', 'string', 'nullable'],
  port: ['required', 'number', 'non-null'],
  protocol: ['required', 'string', 'non-null'],
  candidateType: ['required', 'string', 'non-null'],
  priority: ['required', 'number', 'non-null'],
  url: ['optional', 'string', 'non-null'],
  relayProtocol: ['optional', 'string', 'non-null'],
  foundation: ['required', 'string', 'non-null'],
  relatedAddress: ['optional', 'string', 'non-null'],
  relatedPort: ['optional', 'number', 'non-null'],
  usernameFragment: ['optional', 'string', 'non-null'],
  tcpType: ['optional', 'string', 'non-null'],
};

const certificateShape: Shape<RTCCertificateStats> = {
  id: ['required', 'string', 'non-null'],
  type: ['required', 'string', 'non-null'],
  timestamp: ['required', 'number', 'non-null'],
  fingerprint: ['required', 'string', 'non-null'],
  fingerprintAlgorithm: ['required', 'string', 'non-null'],
  base64Certificate: ['required', 'string', 'non-null'],
  issuerCertificateId: ['optional', 'string', 'non-null'],
};

const dataChannelShape: Shape<RTCDataChannelStats> = {
  id: ['required', 'string', 'non-null'],
  type: ['required', 'string', 'non-null'],
  timestamp: ['required', 'number', 'non-null'],
  label: ['required', 'string', 'non-null'],
  protocol: ['required', 'string', 'non-null'],
  dataChannelIdentifier: ['optional', 'number', 'non-null'],
  state: ['required', 'string', 'non-null'],
  messagesSent: ['required', 'number', 'non-null'],
  bytesSent: ['required', 'number', 'non-null'],
  messagesReceived: ['required', 'number', 'non-null'],
  bytesReceived: ['required', 'number', 'non-null'],
};

/** Every reported type with its table (a Record, so a type added to the union without a table fails to compile). */
const shapes: Record<RTCReportedStatsType, Record<string, readonly [string, string, string]>> = {
  'peer-connection': peerConnectionShape,
  transport: transportShape,
  'candidate-pair': candidatePairShape,
  'local-candidate': candidateShape,
  'remote-candidate': candidateShape,
  certificate: certificateShape,
  'data-channel': dataChannelShape,
};

/** Problems of one stats object against its table: unknown members, missing required ones, wrong JavaScript types. */
function shapeProblems(s: RTCStatsAny): string[] {
  const table = (shapes as Record<string, Record<string, readonly [string, string, string]> | undefined>)[s.type];
  if (!table) return [`${s.id}: type ${s.type} is not one purertc declares as reported`];
  const problems: string[] = [];
  const members = Object.entries(s) as [string, unknown][];
  for (const [name, value] of members) {
    const rule = table[name];
    if (!rule) problems.push(`${s.type} ${s.id}: unknown member ${name}`);
    else if (value === null ? rule[2] !== 'nullable' : typeof value !== rule[1]) problems.push(`${s.type} ${s.id}: ${name} is ${value === null ? 'null' : typeof value}, declared ${rule[1]}`);
  }
  for (const [name, [presence]] of Object.entries(table)) {
    if (presence === 'required' && !(name in s)) problems.push(`${s.type} ${s.id}: required member ${name} missing`);
  }
  return problems;
}

/** The values of a report, grouped by narrowed type: every access below type-checks without a cast. */
function classify(report: RTCStatsReport) {
  const out = {
    pc: [] as RTCPeerConnectionStats[],
    transports: [] as RTCTransportStats[],
    pairs: [] as RTCIceCandidatePairStats[],
    locals: [] as RTCIceCandidateStats[],
    remotes: [] as RTCIceCandidateStats[],
    certs: [] as RTCCertificateStats[],
    channels: [] as RTCDataChannelStats[],
    other: [] as RTCStatsAny[],
  };
  for (const s of report.values()) {
    switch (s.type) {
      case 'peer-connection':
        out.pc.push(s);
        break;
      case 'transport':
        out.transports.push(s);
        break;
      case 'candidate-pair':
        out.pairs.push(s);
        break;
      case 'local-candidate':
        out.locals.push(s);
        break;
      case 'remote-candidate':
        out.remotes.push(s);
        break;
      case 'certificate':
        out.certs.push(s);
        break;
      case 'data-channel':
        out.channels.push(s);
        break;
      default:
        out.other.push(s);
    }
  }
  return out;
}

const LOOP = { network: { includeLoopback: true, ipv6: false, addresses: ['127.0.0.1'] } };

describe('typed getStats() dictionaries', () => {
  it('the Shape tables follow the declarations (a type-level check, also exercised at runtime)', () => {
    expect(Object.keys(candidatePairShape)).toContain('currentRoundTripTime');
    expect(candidatePairShape.currentRoundTripTime[0]).toBe('optional');
    expect(candidatePairShape.state[0]).toBe('required');
    // A table that lists a member its interface lacks does not compile.
    // @ts-expect-error not a member of RTCPeerConnectionStats
    const bad: Shape<RTCPeerConnectionStats> = { ...peerConnectionShape, bytesSent: ['required', 'number', 'non-null'] };
    expect(bad).toBeDefined();
    // The runtime checker reports each kind of deviation (JSON.parse: an untyped object, as a wrong implementation could emit).
    expect(shapeProblems(JSON.parse('{"id":"P","type":"peer-connection","timestamp":1,"dataChannelsOpened":"0","bogus":1}'))).toEqual([
      'peer-connection P: dataChannelsOpened is string, declared number',
      'peer-connection P: unknown member bogus',
      'peer-connection P: required member dataChannelsClosed missing',
    ]);
    expect(shapeProblems(JSON.parse('{"id":"X","type":"codec","timestamp":1}'))).toEqual(['X: type codec is not one purertc declares as reported']);
    expect(shapeProblems(JSON.parse('{"id":"I1","type":"local-candidate","timestamp":1,"transportId":"T","address":null,"port":1,"protocol":"udp","candidateType":"host","priority":1,"foundation":"1","relatedPort":null}'))).toEqual([
      'local-candidate I1: relatedPort is null, declared number',
    ]);
  });

  it('a report before any description is one peer-connection object, of the declared shape', async () => {
    const pc = new RTCPeerConnection({}, LOOP);
    try {
      const report = await pc.getStats();
      const values = [...report.values()];
      expect(values.map((s) => s.type)).toEqual(['peer-connection']);
      expect(values.flatMap(shapeProblems)).toEqual([]);
      const p = values[0]!;
      if (p.type !== 'peer-connection') throw new Error('not narrowed');
      expect(p.dataChannelsOpened).toBe(0);
      expect(p.dataChannelsClosed).toBe(0);
    } finally {
      pc.close();
    }
  });

  it('two connected peers over loopback: every object has exactly its interface members, narrowing by type needs no cast', async () => {
    const a = new RTCPeerConnection({}, LOOP);
    const b = new RTCPeerConnection({}, LOOP);
    try {
      const { ch, rch } = await connectPair(a, b, 'typed');
      // Traffic both ways, so the selected pair has data counters and last-packet timestamps.
      let got = 0;
      const echoed = new Promise<void>((resolve) => {
        rch.onmessage = (e) => rch.send(e.data as string);
        ch.onmessage = () => {
          if (++got === 5) resolve();
        };
      });
      for (let i = 0; i < 5; i++) ch.send(`ping ${i}`);
      await echoed;

      for (const [pc, role] of [[a, 'offerer'], [b, 'answerer']] as const) {
        const report = await pc.getStats();
        const values = [...report.values()];
        // Every object, of every type, carries exactly the members its interface allows.
        expect(values.flatMap(shapeProblems)).toEqual([]);
        // One timestamp for the whole report, on the DOMHighResTimeStamp epoch (ms since 1970).
        expect(new Set(values.map((s) => s.timestamp)).size).toBe(1);
        expect(Math.abs(values[0]!.timestamp - Date.now())).toBeLessThan(60_000);

        const g = classify(report);
        expect(g.other).toEqual([]);
        expect(g.pc).toHaveLength(1);
        expect(g.pc[0]!.dataChannelsOpened).toBe(1);
        expect(g.pc[0]!.dataChannelsClosed).toBe(0);

        expect(g.transports).toHaveLength(1);
        const t = g.transports[0]!;
        expect(t.dtlsState).toBe('connected');
        expect(['connected', 'completed']).toContain(t.iceState);
        expect(t.iceRole).toBe(role === 'offerer' ? 'controlling' : 'controlled');
        expect(['client', 'server']).toContain(t.dtlsRole);
        expect(t.tlsVersion).toBe('FEFD');
        expect(t.selectedCandidatePairChanges).toBeGreaterThanOrEqual(1);
        expect(t.bytesSent).toBeGreaterThan(0);

        // References resolve to objects of the referenced type, narrowed through report.get().
        const selected = report.get(t.selectedCandidatePairId!);
        if (selected?.type !== 'candidate-pair') throw new Error(`selectedCandidatePairId ${t.selectedCandidatePairId} is not a candidate pair`);
        expect(selected.state).toBe('succeeded');
        expect(selected.nominated).toBe(true);
        expect(selected.transportId).toBe(t.id);
        expect(selected.bytesSent).toBeGreaterThan(0);
        expect(selected.bytesReceived).toBeGreaterThan(0);
        expect(selected.requestsSent + selected.requestsReceived).toBeGreaterThan(0);
        expect(typeof selected.lastPacketSentTimestamp).toBe('number');
        expect(typeof selected.lastPacketReceivedTimestamp).toBe('number');
        expect(selected.totalRoundTripTime).toBeGreaterThanOrEqual(0);
        if (selected.currentRoundTripTime !== undefined) expect(selected.currentRoundTripTime).toBeLessThan(1);
        const local = report.get(selected.localCandidateId);
        const remote = report.get(selected.remoteCandidateId);
        if (local?.type !== 'local-candidate' || remote?.type !== 'remote-candidate') throw new Error('pair candidates of the wrong type');
        expect(local.address).toBe('127.0.0.1');
        expect(local.candidateType).toBe('host');
        expect(local.protocol).toBe('udp');
        expect(local.transportId).toBe(t.id);
        expect(['host', 'prflx']).toContain(remote.candidateType);

        const localCert = report.get(t.localCertificateId);
        const remoteCert = report.get(t.remoteCertificateId!);
        if (localCert?.type !== 'certificate' || remoteCert?.type !== 'certificate') throw new Error('certificate ids of the wrong type');
        expect(localCert.fingerprintAlgorithm).toBe('sha-256');
        expect(localCert.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
        expect(remoteCert.fingerprint).not.toBe(localCert.fingerprint);
        expect(localCert.base64Certificate).toMatch(/^[A-Za-z0-9+/]+=*$/);
        expect(g.certs).toHaveLength(2);

        for (const p of g.pairs) {
          expect(report.get(p.localCandidateId)?.type).toBe('local-candidate');
          expect(report.get(p.remoteCandidateId)?.type).toBe('remote-candidate');
        }
        for (const c of [...g.locals, ...g.remotes]) expect(c.transportId).toBe(t.id);

        expect(g.channels).toHaveLength(1);
        const dc = g.channels[0]!;
        expect(dc.label).toBe('typed');
        expect(dc.state).toBe('open');
        expect(dc.dataChannelIdentifier).toBe(ch.id);
        expect(dc.messagesSent).toBe(5);
        expect(dc.messagesReceived).toBe(5);
        expect(dc.bytesSent).toBe(30); // 'ping 0'..'ping 4', 6 bytes each
        expect(dc.bytesReceived).toBe(30);

        // forEach and entries hand out the same narrowable union.
        const rtts: (number | undefined)[] = [];
        report.forEach((s) => {
          if (s.type === 'candidate-pair') rtts.push(s.currentRoundTripTime);
          // A browser-only type still compares (it narrows to the base members).
          if (s.type === 'inbound-rtp') throw new Error('no RTP stats expected');
        });
        expect(rtts).toEqual(g.pairs.map((p) => p.currentRoundTripTime));
        for (const [id, s] of report) {
          expect(s.id).toBe(id);
          // @ts-expect-error a pair member is not readable before narrowing
          void s.currentRoundTripTime;
        }
      }
    } finally {
      a.close();
      b.close();
    }
  });
});
