/**
 * A ClientHello split into handshake fragments before any server state
 * exists (RFC 6347 §4.2.3): Chromium's DTLS 1.3-capable ClientHello with a
 * post-quantum key share is ~1.4 KB and comes in two records. The server
 * reassembles it (bounded) and answers; the cookie covers only what RFC 6347
 * §4.2.1 says the client repeats, not the extensions.
 */
import { nodeCrypto } from '@purertc/common/node-crypto';
import { CookieJar } from '../src/cookie.js';
import { certs, Net, pair } from './sim';

/** Splits every handshake record of a datagram into two records with one fragment each. */
function fragmentHandshakes(datagram: Uint8Array): Uint8Array {
  const out: number[] = [];
  let o = 0;
  while (o + 13 <= datagram.length) {
    const len = (datagram[o + 11]! << 8) | datagram[o + 12]!;
    const header = datagram.subarray(o, o + 13);
    const payload = datagram.subarray(o + 13, o + 13 + len);
    o += 13 + len;
    if (header[0] !== 22 || payload.length < 12) {
      out.push(...header, ...payload);
      continue;
    }
    const msgLen = (payload[1]! << 16) | (payload[2]! << 8) | payload[3]!;
    const body = payload.subarray(12, 12 + msgLen);
    const cut = Math.floor(body.length / 2);
    // Second half first: fragments may arrive in any order.
    for (const [off, part] of [[cut, body.subarray(cut)], [0, body.subarray(0, cut)]] as const) {
      const hs = [payload[0]!, payload[1]!, payload[2]!, payload[3]!, payload[4]!, payload[5]!, (off >> 16) & 0xff, (off >> 8) & 0xff, off & 0xff, (part.length >> 16) & 0xff, (part.length >> 8) & 0xff, part.length & 0xff, ...part];
      out.push(...header.subarray(0, 11), (hs.length >> 8) & 0xff, hs.length & 0xff, ...hs);
    }
  }
  return Uint8Array.from(out);
}

describe('fragmented ClientHello', () => {
  test('the stateless server reassembles it and the handshake completes', async () => {
    const { ec, ec2 } = await certs();
    const { a, b } = pair(ec, ec2);
    let fragmented = 0;
    const net = new Net(a, b, {
      tamper: (from, data) => {
        // ClientHello records (handshake type 1 right after the record header) from the client.
        if (from === 'a' && data[0] === 22 && data[13] === 1) {
          fragmented++;
          return fragmentHandshakes(data);
        }
        return data;
      },
    });
    a.start(0);
    net.run(() => net.connected());
    expect(net.connected()).toBe(true);
    expect(fragmented).toBe(2); // the first ClientHello and the one with the cookie
    expect(b.counters.helloVerifyRequestsSent).toBe(1);
    expect(b.counters.malformedHandshake).toBe(0);
  });

  test('fragments are bounded: a hello claiming more than 16 KiB is dropped and counted', async () => {
    const { ec, ec2 } = await certs();
    const { b } = pair(ec, ec2);
    const hs = [1, 0x01, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 4, 1, 2, 3, 4]; // length 65536, fragment 0..4
    const rec = Uint8Array.from([22, 0xfe, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, hs.length, ...hs]);
    b.handle(0, rec, { address: '192.0.2.1', port: 1 });
    expect(b.counters.malformedHandshake).toBe(1);
    expect(b.pollTransmit()).toBeUndefined();
  });
});

describe('CookieJar', () => {
  test('binds version, random, session id, suites, compression and the peer; not the extensions', () => {
    const jar = new CookieJar(nodeCrypto, new Uint8Array(32).fill(7));
    const hello = { clientVersion: 0xfefd, random: new Uint8Array(32).fill(1), sessionId: new Uint8Array(0), cookie: new Uint8Array(0), cipherSuites: [0xc02b], compressionMethods: [0], extensions: { supportedGroups: [29, 4588] } };
    const cookie = jar.issue(hello, 'p');
    expect(jar.verify({ ...hello, cookie, extensions: { supportedGroups: [29] } }, 'p')).toBe(true);
    expect(jar.verify({ ...hello, cookie, random: new Uint8Array(32).fill(2) }, 'p')).toBe(false);
    expect(jar.verify({ ...hello, cookie, cipherSuites: [0xc02c] }, 'p')).toBe(false);
    expect(jar.verify({ ...hello, cookie }, 'other-peer')).toBe(false);
  });
});
