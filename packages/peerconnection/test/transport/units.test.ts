/**
 * The small pieces of the transport stack: the RFC 7983 demultiplexer, the
 * webrtc-pc §4.4.3 aggregate states, the a=setup → DTLS role rule, and the
 * host address filter.
 */
import fc from 'fast-check';
import {
  aggregateConnectionState,
  aggregateGatheringState,
  aggregateIceConnectionState,
  classifyDatagram,
  dtlsRoleFromSetup,
  type RTCDtlsTransportState,
  type RTCIceTransportState,
} from '@purertc/peerconnection/transport/index';
import { hostAddresses, environmentHostAddresses } from '@purertc/peerconnection/transport/node';

describe('classifyDatagram (RFC 7983 §7, RFC 5761 §4)', () => {
  it('maps every first byte to its range', () => {
    for (let b = 0; b < 256; b++) {
      const k = classifyDatagram(Uint8Array.of(b, 0x60));
      const want = b <= 3 ? 'stun' : b >= 20 && b <= 63 ? 'dtls' : b >= 64 && b <= 79 ? 'turn-channel' : b >= 128 && b <= 191 ? 'rtp' : 'unknown';
      expect([b, k]).toEqual([b, want]);
    }
  });
  it('tells RTCP (packet types 192-223) from RTP', () => {
    expect(classifyDatagram(Uint8Array.of(0x80, 200))).toBe('rtcp'); // SR
    expect(classifyDatagram(Uint8Array.of(0x81, 201))).toBe('rtcp'); // RR
    expect(classifyDatagram(Uint8Array.of(0x8f, 206))).toBe('rtcp'); // PSFB
    expect(classifyDatagram(Uint8Array.of(0x80, 192))).toBe('rtcp');
    expect(classifyDatagram(Uint8Array.of(0x80, 223))).toBe('rtcp');
    expect(classifyDatagram(Uint8Array.of(0x80, 96))).toBe('rtp');
    expect(classifyDatagram(Uint8Array.of(0x80, 96 | 0x80))).toBe('rtp'); // marker + PT 96 = 224
    expect(classifyDatagram(Uint8Array.of(0x80))).toBe('unknown'); // too short to tell
    expect(classifyDatagram(new Uint8Array(0))).toBe('unknown');
  });
  it('never throws', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (d) => typeof classifyDatagram(d) === 'string'));
  });
});

const ICE: RTCIceTransportState[] = ['new', 'checking', 'connected', 'completed', 'disconnected', 'failed', 'closed'];
const DTLS: RTCDtlsTransportState[] = ['new', 'connecting', 'connected', 'closed', 'failed'];

describe('aggregate states (webrtc-pc §4.4.3)', () => {
  it('RTCIceGatheringState', () => {
    expect(aggregateGatheringState([])).toBe('new');
    expect(aggregateGatheringState(['new'])).toBe('new');
    expect(aggregateGatheringState(['new', 'gathering'])).toBe('gathering');
    expect(aggregateGatheringState(['complete', 'gathering'])).toBe('gathering');
    expect(aggregateGatheringState(['complete', 'new'])).toBe('new');
    expect(aggregateGatheringState(['complete', 'complete'])).toBe('complete');
  });
  it('RTCIceConnectionState, in the order of precedence of the table', () => {
    expect(aggregateIceConnectionState(true, ['connected'])).toBe('closed');
    expect(aggregateIceConnectionState(false, [])).toBe('new');
    expect(aggregateIceConnectionState(false, ['connected', 'failed', 'disconnected'])).toBe('failed');
    expect(aggregateIceConnectionState(false, ['connected', 'disconnected', 'checking'])).toBe('disconnected');
    expect(aggregateIceConnectionState(false, ['new', 'closed'])).toBe('new');
    expect(aggregateIceConnectionState(false, ['new', 'connected'])).toBe('checking');
    expect(aggregateIceConnectionState(false, ['checking', 'completed'])).toBe('checking');
    expect(aggregateIceConnectionState(false, ['completed', 'closed'])).toBe('completed');
    expect(aggregateIceConnectionState(false, ['completed', 'connected'])).toBe('connected');
    expect(aggregateIceConnectionState(false, ['connected', 'closed'])).toBe('connected');
  });
  it('RTCPeerConnectionState for one bundled transport, every combination', () => {
    for (const i of ICE) {
      for (const d of DTLS) {
        const ice = aggregateIceConnectionState(false, [i]);
        const got = aggregateConnectionState(ice, [d]);
        let want: string;
        if (i === 'failed' || d === 'failed') want = 'failed';
        else if (i === 'disconnected') want = 'disconnected';
        else if ((i === 'new' || i === 'closed') && (d === 'new' || d === 'closed')) want = 'new';
        else if ((i === 'connected' || i === 'completed') && (d === 'connected' || d === 'closed')) want = 'connected';
        else want = 'connecting';
        expect([i, d, got]).toEqual([i, d, want]);
      }
    }
    expect(aggregateConnectionState('closed', ['connected'])).toBe('closed');
    expect(aggregateConnectionState('new', [])).toBe('new');
  });
});

describe('dtlsRoleFromSetup (RFC 8842 §5)', () => {
  it('the answerer choosing active makes the actpass offerer the server', () => {
    expect(dtlsRoleFromSetup('actpass', 'active')).toBe('server');
    expect(dtlsRoleFromSetup('active', 'actpass')).toBe('client');
    expect(dtlsRoleFromSetup('actpass', 'passive')).toBe('client');
    expect(dtlsRoleFromSetup('passive', 'actpass')).toBe('server');
    expect(dtlsRoleFromSetup('active', 'passive')).toBe('client');
    expect(dtlsRoleFromSetup('passive', 'active')).toBe('server');
  });
  it('rejects impossible pairs', () => {
    expect(dtlsRoleFromSetup('active', 'active')).toBeUndefined();
    expect(dtlsRoleFromSetup('passive', 'passive')).toBeUndefined();
    expect(dtlsRoleFromSetup('actpass', 'actpass')).toBeUndefined();
  });
});

describe('hostAddresses', () => {
  const list = {
    lo: [
      { address: '127.0.0.1', family: 'IPv4', internal: true, netmask: '255.0.0.0', mac: '00:00:00:00:00:00', cidr: null },
      { address: '::1', family: 'IPv6', internal: true, netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', mac: '00:00:00:00:00:00', scopeid: 0, cidr: null },
    ],
    eth0: [
      { address: '192.0.2.5', family: 'IPv4', internal: false, netmask: '255.255.255.0', mac: '02:00:00:00:00:01', cidr: null },
      { address: 'fe80::1', family: 'IPv6', internal: false, netmask: 'ffff:ffff:ffff:ffff::', mac: '02:00:00:00:00:01', scopeid: 2, cidr: null },
      { address: '2001:db8::5', family: 'IPv6', internal: false, netmask: 'ffff:ffff:ffff:ffff::', mac: '02:00:00:00:00:01', scopeid: 0, cidr: null },
    ],
  } as unknown as Parameters<typeof hostAddresses>[1];
  it('leaves out loopback unless configured, and link-local always', () => {
    const noEnv = {};
    expect(hostAddresses({}, list, noEnv).map((a) => a.address)).toEqual(['192.0.2.5', '2001:db8::5']);
    expect(hostAddresses({ includeLoopback: true }, list, noEnv).map((a) => a.address)).toEqual(['127.0.0.1', '::1', '192.0.2.5', '2001:db8::5']);
    expect(hostAddresses({ includeLoopback: true, ipv6: false }, list, noEnv).map((a) => a.address)).toEqual(['127.0.0.1', '192.0.2.5']);
    expect(hostAddresses({ includeLoopback: true, addresses: ['127.0.0.1'] }, list, noEnv).map((a) => a.address)).toEqual(['127.0.0.1']);
  });
  it('PURERTC_HOST_ADDRESSES confines gathering when the caller names no addresses', () => {
    const env = { PURERTC_HOST_ADDRESSES: ' 127.0.0.1, ::1 ' };
    expect(environmentHostAddresses(env)).toEqual(['127.0.0.1', '::1']);
    expect(environmentHostAddresses({ PURERTC_HOST_ADDRESSES: ' , ' })).toBeUndefined();
    expect(environmentHostAddresses({})).toBeUndefined();
    expect(hostAddresses({}, list, env).map((a) => a.address)).toEqual(['127.0.0.1', '::1']);
    expect(hostAddresses({ ipv6: false }, list, env).map((a) => a.address)).toEqual(['127.0.0.1']);
    // An explicit list wins over the environment.
    expect(hostAddresses({ addresses: ['192.0.2.5'] }, list, env).map((a) => a.address)).toEqual(['192.0.2.5']);
  });
  it('the test run itself is confined to loopback (test/jest-setup.cjs)', () => {
    for (const a of hostAddresses()) expect(['127.0.0.1', '::1']).toContain(a.address);
  });
});
