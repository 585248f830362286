import fc from 'fast-check';
import { candidatePriority, computeFoundation, pairPriority, parseCandidate, parseIceServerUrl, serializeCandidate } from '@purertc/ice';

describe('candidates (RFC 8839 §5.1, RFC 8445 §5.1.2)', () => {
  it('parses and serializes browser candidate lines', () => {
    const chrome = 'candidate:842163049 1 udp 1677729535 198.51.100.7 61665 typ srflx raddr 10.0.0.5 rport 61665 generation 0 ufrag EsAw network-cost 999';
    const c = parseCandidate(chrome)!;
    expect(c).toMatchObject({ foundation: '842163049', component: 1, protocol: 'udp', priority: 1677729535, address: '198.51.100.7', port: 61665, type: 'srflx', relatedAddress: '10.0.0.5', relatedPort: 61665, usernameFragment: 'EsAw' });
    expect(c.extensions).toEqual([['generation', '0'], ['network-cost', '999']]);
    expect(parseCandidate(serializeCandidate(c))).toEqual(c);
    const ff = parseCandidate('a=candidate:0 1 UDP 2122252543 f3b0c7e2-aaaa.local 52000 typ host')!;
    expect(ff.protocol).toBe('udp');
    expect(ff.address).toBe('f3b0c7e2-aaaa.local');
    expect(parseCandidate('candidate:1 1 tcp 1518280447 192.0.2.1 9 typ host tcptype active')!.tcpType).toBe('active');
  });
  it('rejects malformed lines without throwing', () => {
    for (const bad of ['', 'candidate:', 'candidate:1 1 udp x 1.2.3.4 1 typ host', 'candidate:1 1 sctp 1 1.2.3.4 1 typ host',
      'candidate:1 1 udp 1 1.2.3.4 70000 typ host', 'candidate:1 1 udp 1 1.2.3.4 1 type host', 'candidate:1 1 udp 1 1.2.3.4 1 typ bogus',
      'candidate:1 0 udp 1 1.2.3.4 1 typ host', 'candidate:1 1 udp 99999999999 1.2.3.4 1 typ host']) {
      expect(parseCandidate(bad)).toBeUndefined();
    }
    fc.assert(fc.property(fc.string(), (s) => { parseCandidate(s); parseCandidate(`candidate:${s}`); return true; }));
  });
  it('priorities and pair priorities follow the RFC formulas', () => {
    expect(candidatePriority('host', 65535, 1)).toBe(126 * 2 ** 24 + 65535 * 256 + 255);
    expect(candidatePriority('relay', 0, 1)).toBe(255);
    expect(candidatePriority('srflx', 10, 2)).toBe(100 * 2 ** 24 + 2560 + 254);
    expect(pairPriority(10, 20)).toBe((10n << 32n) + 40n);
    expect(pairPriority(20, 10)).toBe((10n << 32n) + 41n);
    expect(pairPriority(0xffffffff, 0xffffffff)).toBe((0xffffffffn << 32n) + 2n * 0xffffffffn);
    expect(computeFoundation('host', '10.0.0.1', 'udp')).toBe(computeFoundation('host', '10.0.0.1', 'udp'));
    expect(computeFoundation('srflx', '10.0.0.1', 'udp', 'a')).not.toBe(computeFoundation('srflx', '10.0.0.1', 'udp', 'b'));
  });
  it('parses stun/turn URLs (RFC 7064/7065)', () => {
    expect(parseIceServerUrl('stun:192.0.2.1')).toMatchObject({ scheme: 'stun', host: '192.0.2.1', port: 3478, transport: 'udp' });
    expect(parseIceServerUrl('turn:[2001:db8::1]:3479?transport=tcp')).toMatchObject({ host: '2001:db8::1', port: 3479, transport: 'tcp' });
    expect(parseIceServerUrl('turns:turn.example.org')).toMatchObject({ port: 5349, transport: 'tls' });
    expect(parseIceServerUrl('stun:a?transport=udp')).toBeUndefined();
    expect(parseIceServerUrl('http://x')).toBeUndefined();
    expect(parseIceServerUrl('turn:x:99999')).toBeUndefined();
  });
});
