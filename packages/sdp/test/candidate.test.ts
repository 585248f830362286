import fc from 'fast-check';
import { parseCandidateAttribute, sdpCandidate, serializeCandidateAttribute, type Candidate } from '@purertc/sdp';

test('parses a Chrome host candidate with extensions', () => {
  const c = parseCandidateAttribute(
    'candidate:3625371742 1 udp 2122260223 192.168.1.20 58713 typ host generation 0 ufrag k9Xq network-id 1 network-cost 10',
  );
  expect(c).toEqual({
    foundation: '3625371742',
    component: 1,
    protocol: 'udp',
    priority: 2122260223,
    address: '192.168.1.20',
    port: 58713,
    type: 'host',
    generation: 0,
    ufrag: 'k9Xq',
    networkId: 1,
    networkCost: 10,
    extensions: [],
  });
});

test('parses raddr and rport of a srflx candidate', () => {
  const c = parseCandidateAttribute('candidate:1 1 UDP 1686052863 198.51.100.7 33514 typ srflx raddr 172.22.0.1 rport 33514');
  expect(c?.type).toBe('srflx');
  expect(c?.relatedAddress).toBe('172.22.0.1');
  expect(c?.relatedPort).toBe(33514);
});

test('parses tcptype (RFC 6544)', () => {
  expect(parseCandidateAttribute('candidate:30 1 TCP 2105065727 192.168.6.2 9 typ host tcptype active')?.tcpType).toBe('active');
});

test('accepts the attribute without the candidate: prefix and with a=', () => {
  const bare = parseCandidateAttribute('0 1 UDP 2122252543 172.22.0.1 33514 typ host');
  const prefixed = parseCandidateAttribute('a=candidate:0 1 UDP 2122252543 172.22.0.1 33514 typ host');
  expect(bare).toBeDefined();
  expect(prefixed).toEqual(bare);
});

test('accepts an mDNS address and an IPv6 address', () => {
  expect(parseCandidateAttribute('candidate:1 1 udp 2122194687 7b6c3a9e-0f1d-4b8e.local 61764 typ host')?.address).toBe(
    '7b6c3a9e-0f1d-4b8e.local',
  );
  expect(parseCandidateAttribute('candidate:28 1 UDP 2121859327 fd86:2df3::a54e 33776 typ host')?.address).toBe('fd86:2df3::a54e');
});

test('keeps unknown extensions in order', () => {
  const c = parseCandidateAttribute('candidate:1 1 udp 1 10.0.0.1 1 typ host foo bar baz qux');
  expect(c?.extensions).toEqual([
    { name: 'foo', value: 'bar' },
    { name: 'baz', value: 'qux' },
  ]);
});

test.each([
  ['empty', ''],
  ['too few fields', 'candidate:1 1 udp 1 10.0.0.1 1 typ'],
  ['foundation over 32 chars', `candidate:${'a'.repeat(33)} 1 udp 1 10.0.0.1 1 typ host`],
  ['foundation with a bad char', 'candidate:a-b 1 udp 1 10.0.0.1 1 typ host'],
  ['component 0', 'candidate:1 0 udp 1 10.0.0.1 1 typ host'],
  ['component with 4 digits', 'candidate:1 1000 udp 1 10.0.0.1 1 typ host'],
  ['priority over uint32', 'candidate:1 1 udp 4294967296 10.0.0.1 1 typ host'],
  ['port over 65535', 'candidate:1 1 udp 1 10.0.0.1 65536 typ host'],
  ['no typ keyword', 'candidate:1 1 udp 1 10.0.0.1 1 type host'],
  ['double space', 'candidate:1  1 udp 1 10.0.0.1 1 typ host'],
  ['dangling extension name', 'candidate:1 1 udp 1 10.0.0.1 1 typ host generation'],
  ['bad rport', 'candidate:1 1 udp 1 10.0.0.1 1 typ srflx raddr 10.0.0.2 rport x'],
  ['bad address', 'candidate:1 1 udp 1 10.0.0.1! 1 typ host'],
])('rejects %s', (_n, s) => {
  expect(parseCandidateAttribute(s)).toBeUndefined();
});

test('serialize writes the canonical order', () => {
  const c: Candidate = {
    foundation: 'f1',
    component: 1,
    protocol: 'udp',
    priority: 100,
    address: '10.0.0.1',
    port: 5000,
    type: 'relay',
    relatedAddress: '10.0.0.2',
    relatedPort: 6000,
    generation: 0,
    ufrag: 'abcd',
    networkId: 2,
    extensions: [{ name: 'x', value: 'y' }],
  };
  expect(serializeCandidateAttribute(c)).toBe(
    'candidate:f1 1 udp 100 10.0.0.1 5000 typ relay raddr 10.0.0.2 rport 6000 generation 0 ufrag abcd network-id 2 x y',
  );
});

test('sdpCandidate adds the attribute text', () => {
  const c = parseCandidateAttribute('candidate:0 1 UDP 2122252543 172.22.0.1 33514 typ host')!;
  expect(sdpCandidate(c).attribute).toBe('candidate:0 1 UDP 2122252543 172.22.0.1 33514 typ host');
});

const candidateArb: fc.Arbitrary<Candidate> = fc
  .record({
    foundation: fc.stringMatching(/^[A-Za-z0-9+/]{1,32}$/),
    component: fc.integer({ min: 1, max: 256 }),
    protocol: fc.constantFrom('udp', 'UDP', 'tcp'),
    priority: fc.integer({ min: 0, max: 0xffffffff }),
    address: fc.oneof(fc.ipV4(), fc.constant('fd00::1'), fc.constant('abc.local')),
    port: fc.integer({ min: 0, max: 65535 }),
    type: fc.constantFrom('host', 'srflx', 'prflx', 'relay'),
    relatedAddress: fc.option(fc.ipV4(), { nil: undefined }),
    relatedPort: fc.option(fc.integer({ min: 0, max: 65535 }), { nil: undefined }),
    tcpType: fc.option(fc.constantFrom('active', 'passive', 'so'), { nil: undefined }),
    generation: fc.option(fc.nat(), { nil: undefined }),
    ufrag: fc.option(fc.stringMatching(/^[A-Za-z0-9+/]{4,8}$/), { nil: undefined }),
    networkId: fc.option(fc.nat(), { nil: undefined }),
    networkCost: fc.option(fc.nat(), { nil: undefined }),
    extensions: fc.array(fc.record({ name: fc.stringMatching(/^x-[a-z]{1,5}$/), value: fc.stringMatching(/^[a-z0-9]{1,5}$/) }), {
      maxLength: 2,
    }),
  })
  .map((c) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(c)) if (v !== undefined) out[k] = v;
    return out as unknown as Candidate;
  });

test('parse(serialize(c)) equals c', () => {
  fc.assert(
    fc.property(candidateArb, (c) => {
      expect(parseCandidateAttribute(serializeCandidateAttribute(c))).toEqual(c);
    }),
    { numRuns: 300 },
  );
});
