import fc from 'fast-check';
import { RTCPeerConnectionIceEvent } from '../src/events.js';
import { RTCIceCandidate, parseIceCandidateFields, toIceCandidateInit } from '../src/RTCIceCandidate.js';

const candidateString =
  'candidate:1905690388 1 udp 2113937151 192.168.0.1 58041 typ host generation 0 ufrag thC8 network-cost 50';
const arbitraryString = '<arbitrary string[0] content>;';

describe('RTCIceCandidate constructor', () => {
  test('no argument is a TypeError (sdpMid and sdpMLineIndex both null)', () => {
    expect(() => new RTCIceCandidate()).toThrow(TypeError);
  });
  test('{} is a TypeError', () => {
    expect(() => new RTCIceCandidate({})).toThrow(TypeError);
  });
  test('explicit nulls for sdpMid and sdpMLineIndex are a TypeError', () => {
    expect(() => new RTCIceCandidate({ candidate: '', sdpMid: null, sdpMLineIndex: null })).toThrow(TypeError);
  });
  test('a valid candidate string alone is a TypeError', () => {
    expect(() => new RTCIceCandidate({ candidate: candidateString })).toThrow(TypeError);
  });
  test('sdpMid alone is enough', () => {
    const c = new RTCIceCandidate({ sdpMid: 'audio' });
    expect(c.candidate).toBe('');
    expect(c.sdpMid).toBe('audio');
    expect(c.sdpMLineIndex).toBeNull();
    expect(c.usernameFragment).toBeNull();
  });
  test('sdpMLineIndex alone is enough', () => {
    const c = new RTCIceCandidate({ sdpMLineIndex: 0 });
    expect(c.sdpMid).toBeNull();
    expect(c.sdpMLineIndex).toBe(0);
  });
  test('an arbitrary candidate string is kept verbatim, parsed fields null', () => {
    const c = new RTCIceCandidate({ candidate: arbitraryString, sdpMid: 'audio' });
    expect(c.candidate).toBe(arbitraryString);
    for (const k of ['foundation', 'component', 'priority', 'address', 'protocol', 'port', 'type', 'tcpType', 'relatedAddress', 'relatedPort'] as const) {
      expect(c[k]).toBeNull();
    }
  });
  test('sdpMid is not validated', () => {
    expect(new RTCIceCandidate({ sdpMid: arbitraryString }).sdpMid).toBe(arbitraryString);
  });
  test('sdpMLineIndex 65535 is accepted', () => {
    expect(new RTCIceCandidate({ sdpMLineIndex: 65535 }).sdpMLineIndex).toBe(65535);
  });
  test('sdpMLineIndex is an unsigned short (modulo, not enforced)', () => {
    expect(new RTCIceCandidate({ sdpMLineIndex: 65536 }).sdpMLineIndex).toBe(0);
  });
  test('a non-object init is a TypeError', () => {
    expect(() => new RTCIceCandidate('candidate' as any)).toThrow(TypeError);
  });
  test('an invalid relayProtocol is a TypeError', () => {
    expect(() => new RTCIceCandidate({ sdpMid: '0', relayProtocol: 'sctp' as any })).toThrow(TypeError);
  });
  test('relayProtocol and url are carried', () => {
    const c = new RTCIceCandidate({ sdpMid: '0', relayProtocol: 'tls', url: 'turns:example.org' });
    expect(c.relayProtocol).toBe('tls');
    expect(c.url).toBe('turns:example.org');
  });
  test('relayProtocol and url default to null', () => {
    const c = new RTCIceCandidate({ sdpMid: '0' });
    expect(c.relayProtocol).toBeNull();
    expect(c.url).toBeNull();
  });
});

describe('RTCIceCandidate parsed attributes', () => {
  test('a host candidate', () => {
    const c = new RTCIceCandidate({ candidate: candidateString, sdpMid: '0' });
    expect(c.foundation).toBe('1905690388');
    expect(c.component).toBe('rtp');
    expect(c.protocol).toBe('udp');
    expect(c.priority).toBe(2113937151);
    expect(c.address).toBe('192.168.0.1');
    expect(c.port).toBe(58041);
    expect(c.type).toBe('host');
    expect(c.tcpType).toBeNull();
    expect(c.relatedAddress).toBeNull();
    expect(c.relatedPort).toBeNull();
  });
  test('usernameFragment is not taken from the ufrag extension (only from the init dictionary)', () => {
    expect(new RTCIceCandidate({ candidate: candidateString, sdpMid: '0' }).usernameFragment).toBeNull();
  });
  test('an explicit usernameFragment wins over the ufrag extension', () => {
    expect(new RTCIceCandidate({ candidate: candidateString, sdpMid: '0', usernameFragment: 'abcd' }).usernameFragment).toBe(
      'abcd',
    );
  });
  test('the candidate: prefix is optional', () => {
    const c = new RTCIceCandidate({ candidate: '1 2 UDP 100 10.0.0.1 9 typ host', sdpMid: '0' });
    expect(c.foundation).toBe('1');
    expect(c.component).toBe('rtcp');
    expect(c.protocol).toBe('udp');
  });
  test('a server-reflexive candidate has raddr/rport', () => {
    const c = new RTCIceCandidate({
      candidate: 'candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 192.168.1.2 rport 46154 generation 0',
      sdpMid: '0',
    });
    expect(c.type).toBe('srflx');
    expect(c.relatedAddress).toBe('192.168.1.2');
    expect(c.relatedPort).toBe(46154);
  });
  test('a TCP candidate has tcpType', () => {
    const c = new RTCIceCandidate({
      candidate: 'candidate:3 1 tcp 1518280447 192.168.1.2 9 typ host tcptype active',
      sdpMid: '0',
    });
    expect(c.protocol).toBe('tcp');
    expect(c.tcpType).toBe('active');
  });
  test('an IPv6 and an mDNS address parse', () => {
    expect(new RTCIceCandidate({ candidate: 'candidate:1 1 udp 1 2001:db8::1 5000 typ host', sdpMid: '0' }).address).toBe(
      '2001:db8::1',
    );
    expect(
      new RTCIceCandidate({ candidate: 'candidate:1 1 udp 1 6c0d5c0b-9d4a-4cb6.local 5000 typ host', sdpMid: '0' }).address,
    ).toBe('6c0d5c0b-9d4a-4cb6.local');
  });
  test('a relay candidate', () => {
    const c = new RTCIceCandidate({
      candidate: 'candidate:4 1 udp 41885439 198.51.100.9 3478 typ relay raddr 203.0.113.7 rport 46154',
      sdpMLineIndex: 0,
    });
    expect(c.type).toBe('relay');
  });
  test('an unknown transport leaves every parsed attribute null', () => {
    const c = new RTCIceCandidate({ candidate: 'candidate:1 1 sctp 1 10.0.0.1 9 typ host', sdpMid: '0' });
    expect(c.foundation).toBeNull();
    expect(c.protocol).toBeNull();
  });
  test('component 3 leaves parsed attributes null', () => {
    expect(new RTCIceCandidate({ candidate: 'candidate:1 3 udp 1 10.0.0.1 9 typ host', sdpMid: '0' }).component).toBeNull();
  });
  test('an unknown candidate type leaves parsed attributes null', () => {
    expect(new RTCIceCandidate({ candidate: 'candidate:1 1 udp 1 10.0.0.1 9 typ weird', sdpMid: '0' }).address).toBeNull();
  });
  test('a port above 65535 leaves parsed attributes null', () => {
    expect(new RTCIceCandidate({ candidate: 'candidate:1 1 udp 1 10.0.0.1 65536 typ host', sdpMid: '0' }).port).toBeNull();
  });
  test('a priority above 2^32-1 leaves parsed attributes null', () => {
    expect(
      new RTCIceCandidate({ candidate: 'candidate:1 1 udp 4294967296 10.0.0.1 9 typ host', sdpMid: '0' }).priority,
    ).toBeNull();
  });
  test('a dangling extension name leaves parsed attributes null', () => {
    expect(new RTCIceCandidate({ candidate: 'candidate:1 1 udp 1 10.0.0.1 9 typ host generation', sdpMid: '0' }).foundation).toBeNull();
  });
  test('parseIceCandidateFields never throws on random text', () => {
    for (let i = 0; i < 500; i++) {
      const s = Array.from({ length: (i % 40) + 1 }, (_, j) => String.fromCharCode(32 + ((i * 31 + j * 17) % 95))).join('');
      expect(() => parseIceCandidateFields(s)).not.toThrow();
    }
  });
});

describe('RTCIceCandidate toJSON and attributes', () => {
  test('toJSON returns candidate, sdpMid, sdpMLineIndex, usernameFragment', () => {
    const c = new RTCIceCandidate({ candidate: candidateString, sdpMid: 'video', sdpMLineIndex: 1 });
    expect(c.toJSON()).toEqual({ candidate: candidateString, sdpMid: 'video', sdpMLineIndex: 1, usernameFragment: null });
  });
  test('JSON.stringify uses toJSON', () => {
    const c = new RTCIceCandidate({ sdpMid: '0' });
    expect(JSON.parse(JSON.stringify(c))).toEqual({ candidate: '', sdpMid: '0', sdpMLineIndex: null, usernameFragment: null });
  });
  test('a candidate can be rebuilt from its toJSON', () => {
    const a = new RTCIceCandidate({ candidate: candidateString, sdpMLineIndex: 2 });
    const b = new RTCIceCandidate(a.toJSON());
    expect(b.toJSON()).toEqual(a.toJSON());
  });
  test('attributes are readonly prototype getters', () => {
    const c = new RTCIceCandidate({ sdpMid: '0' });
    expect(Object.keys(c)).toEqual([]);
    expect(() => {
      (c as any).sdpMid = '1';
    }).toThrow(TypeError);
  });
  test('toIceCandidateInit fills defaults', () => {
    expect(toIceCandidateInit({})).toEqual({ candidate: '', sdpMid: null, sdpMLineIndex: null, usernameFragment: null });
  });
});

describe('RTCPeerConnectionIceEvent with real candidates', () => {
  test('accepts an RTCIceCandidate', () => {
    const c = new RTCIceCandidate({ candidate: candidateString, sdpMid: 'sdpMid', sdpMLineIndex: 1 });
    expect(new RTCPeerConnectionIceEvent('icecandidate', { candidate: c, url: 'foo.bar' }).candidate).toBe(c);
  });
  test('a plain candidate-like object is a TypeError', () => {
    const plain = { candidate: '', sdpMid: 'sdpMid', sdpMLineIndex: 1 };
    expect(() => new RTCPeerConnectionIceEvent('icecandidate', { candidate: plain })).toThrow(TypeError);
  });
});

describe('RTCIceCandidate properties', () => {
  test('any candidate text is kept verbatim and never throws', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const c = new RTCIceCandidate({ candidate: text, sdpMid: '0' });
        return c.candidate === text && (c.foundation === null) === (c.address === null);
      }),
    );
  });
  test('well-formed host candidates parse back their fields', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9+/]{1,32}$/),
        fc.constantFrom(1, 2),
        fc.constantFrom('udp', 'UDP', 'tcp'),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.ipV4(),
        fc.integer({ min: 0, max: 65535 }),
        (foundation, component, transport, priority, address, port) => {
          const c = new RTCIceCandidate({
            candidate: `candidate:${foundation} ${component} ${transport} ${priority} ${address} ${port} typ host`,
            sdpMLineIndex: 0,
          });
          expect([c.foundation, c.component, c.protocol, c.priority, c.address, c.port, c.type]).toEqual([
            foundation,
            component === 1 ? 'rtp' : 'rtcp',
            transport.toLowerCase(),
            priority,
            address,
            port,
            'host',
          ]);
        },
      ),
    );
  });
});
