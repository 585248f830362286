/**
 * The W3C transport objects and RTCStatsReport as interfaces: illegal
 * constructors, attributes on the prototype, initial slot values, maplike.
 */
import { INTERNAL } from '../../src/internal.js';
import { RTCIceTransport, iceTransportSlots } from '../../src/RTCIceTransport.js';
import { RTCDtlsTransport, dtlsTransportSlots } from '../../src/RTCDtlsTransport.js';
import { RTCSctpTransport, deriveMaxMessageSize } from '../../src/RTCSctpTransport.js';
import { RTCIceCandidatePair } from '../../src/RTCIceCandidatePair.js';
import { RTCIceCandidate } from '../../src/RTCIceCandidate.js';
import { RTCStatsReport } from '../../src/RTCStatsReport.js';
import { TaskQueue } from '../../src/task-queue.js';

describe('RTCIceTransport / RTCDtlsTransport / RTCSctpTransport', () => {
  it('cannot be constructed by applications', () => {
    expect(() => new (RTCIceTransport as unknown as new () => unknown)()).toThrow(TypeError);
    expect(() => new (RTCDtlsTransport as unknown as new () => unknown)()).toThrow(TypeError);
    expect(() => new (RTCSctpTransport as unknown as new () => unknown)()).toThrow(TypeError);
    expect(() => new (RTCIceCandidatePair as unknown as new () => unknown)()).toThrow(TypeError);
    expect(() => new (RTCStatsReport as unknown as new () => unknown)()).toThrow(TypeError);
  });

  it('start in the spec initial states, attributes live on the prototype', () => {
    const ice = new RTCIceTransport(INTERNAL);
    expect(ice).toBeInstanceOf(EventTarget);
    expect([ice.state, ice.gatheringState, ice.role, ice.component]).toEqual(['new', 'new', 'unknown', 'rtp']);
    expect(ice.getSelectedCandidatePair()).toBeNull();
    expect(ice.getLocalParameters()).toBeNull();
    expect(ice.getRemoteParameters()).toBeNull();
    expect(ice.getLocalCandidates()).toEqual([]);
    expect(Object.getOwnPropertyNames(ice)).toEqual([]);
    expect(Object.getOwnPropertyDescriptor(RTCIceTransport.prototype, 'state')?.enumerable).toBe(true);
    expect(Object.prototype.toString.call(ice)).toBe('[object RTCIceTransport]');
    const dtls = new RTCDtlsTransport(INTERNAL, ice);
    expect(dtls.iceTransport).toBe(ice);
    expect(dtls.state).toBe('new');
    expect(dtls.getRemoteCertificates()).toEqual([]);
    const sctp = new RTCSctpTransport(INTERNAL, dtls);
    expect([sctp.state, sctp.maxMessageSize, sctp.maxChannels]).toEqual(['connecting', null, null]);
    expect(sctp.transport).toBe(dtls);
    for (const [o, names] of [[ice, ['statechange', 'gatheringstatechange', 'selectedcandidatepairchange']], [dtls, ['statechange', 'error']], [sctp, ['statechange']]] as const) {
      for (const n of names) expect((o as unknown as Record<string, unknown>)[`on${n}`]).toBeNull();
    }
  });

  it('getSelectedCandidatePair is null while new or closed; getRemoteCertificates copies', () => {
    const ice = new RTCIceTransport(INTERNAL);
    const local = new RTCIceCandidate({ candidate: 'candidate:1 1 udp 1 127.0.0.1 1000 typ host', sdpMLineIndex: 0 });
    const remote = new RTCIceCandidate({ candidate: 'candidate:2 1 udp 1 127.0.0.1 2000 typ host', sdpMLineIndex: 0 });
    const pair = new RTCIceCandidatePair(INTERNAL, local, remote);
    expect(pair.local).toBe(local);
    expect(pair.remote).toBe(remote);
    iceTransportSlots(ice).selectedPair = pair;
    expect(ice.getSelectedCandidatePair()).toBeNull();
    iceTransportSlots(ice).state = 'connected';
    expect(ice.getSelectedCandidatePair()).toBe(pair);
    iceTransportSlots(ice).state = 'closed';
    expect(ice.getSelectedCandidatePair()).toBeNull();
    const dtls = new RTCDtlsTransport(INTERNAL, ice);
    dtlsTransportSlots(dtls).remoteCertificates = [Uint8Array.of(1, 2, 3)];
    const [a] = dtls.getRemoteCertificates();
    expect(a).toBeInstanceOf(ArrayBuffer);
    new Uint8Array(a!)[0] = 9;
    expect(new Uint8Array(dtls.getRemoteCertificates()[0]!)).toEqual(Uint8Array.of(1, 2, 3));
  });

  it('derives [[MaxMessageSize]] as webrtc-pc §6.1.1.2 says', () => {
    expect(deriveMaxMessageSize(0, 0)).toBe(Infinity);
    expect(deriveMaxMessageSize(0, 1000)).toBe(1000);
    expect(deriveMaxMessageSize(65536, 0)).toBe(65536);
    expect(deriveMaxMessageSize(65536, 1000)).toBe(1000);
  });
});

describe('RTCStatsReport', () => {
  it('is a read-only maplike keyed by id', () => {
    const r = new RTCStatsReport(INTERNAL, [
      { id: 'a', type: 'peer-connection', timestamp: 1 },
      { id: 'b', type: 'transport', timestamp: 1 },
    ]);
    expect(r).not.toBeInstanceOf(Map);
    expect(r.size).toBe(2);
    expect(r.has('a')).toBe(true);
    expect(r.get('b')?.type).toBe('transport');
    expect(r.get('zz')).toBeUndefined();
    expect([...r.keys()]).toEqual(['a', 'b']);
    expect([...r].map(([k]) => k)).toEqual(['a', 'b']);
    expect([...r.values()].map((v) => v.id)).toEqual(['a', 'b']);
    const seen: string[] = [];
    r.forEach((v, k, rep) => {
      expect(rep).toBe(r);
      seen.push(`${k}:${v.type}`);
    });
    expect(seen).toEqual(['a:peer-connection', 'b:transport']);
    expect((r as unknown as { set?: unknown }).set).toBeUndefined();
    expect((r as unknown as { delete?: unknown }).delete).toBeUndefined();
    expect(() => r.forEach(null as never)).toThrow(TypeError);
  });
});

describe('TaskQueue', () => {
  it('runs tasks in order, each in its own macrotask (microtasks in between), and can be cleared', async () => {
    const q = new TaskQueue();
    const log: string[] = [];
    q.queue(() => {
      log.push('t1');
      void Promise.resolve().then(() => log.push('m1'));
    });
    q.queue(() => log.push('t2'));
    log.push('sync');
    await new Promise((r) => setTimeout(r, 5));
    expect(log).toEqual(['sync', 't1', 'm1', 't2']);
    q.queue(() => log.push('dropped'));
    q.clear();
    q.queue(() => log.push('t3'));
    await new Promise((r) => setTimeout(r, 5));
    expect(log.slice(4)).toEqual(['t3']);
  });
});

import { addSectionAttribute, sectionUfrag } from '../../src/pc-transport.js';

describe('surfacing candidates into a description', () => {
  const sdp = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=ice-ufrag:sess', 'm=application 9 UDP/DTLS/SCTP webrtc-datachannel', 'a=ice-ufrag:abcd', 'a=mid:0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=mid:1', ''].join('\r\n');
  it('adds candidates and one end-of-candidates at the end of the section', () => {
    let s = addSectionAttribute(sdp, 0, 'candidate:1 1 udp 1 127.0.0.1 9 typ host');
    s = addSectionAttribute(s, 0, 'end-of-candidates');
    s = addSectionAttribute(s, 0, 'end-of-candidates');
    s = addSectionAttribute(s, 0, 'candidate:2 1 udp 1 127.0.0.1 10 typ host');
    expect(s.split('\r\n').slice(6, 11)).toEqual(['a=ice-ufrag:abcd', 'a=mid:0', 'a=candidate:1 1 udp 1 127.0.0.1 9 typ host', 'a=candidate:2 1 udp 1 127.0.0.1 10 typ host', 'a=end-of-candidates']);
    expect(s.endsWith('a=mid:1\r\n')).toBe(true);
    expect(addSectionAttribute(sdp, 5, 'end-of-candidates')).toBe(sdp);
  });
  it('finds the section ufrag, or the session one', () => {
    expect(sectionUfrag(sdp, 0)).toBe('abcd');
    expect(sectionUfrag(sdp, 1)).toBe('sess');
  });
});
