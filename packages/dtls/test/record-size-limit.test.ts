/**
 * RFC 8449 record_size_limit: the codec, negotiation in both roles, the send
 * limit it sets, the receive limit we enforce, and malformed or illegal values.
 */
import { ByteReader, seededRandom, type Components } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';
import { CIPHER_SUITES, DtlsEndpoint, RecordLayer, RecordProtection, type DtlsCertificate, type DtlsEndpointOptions, type DtlsEvent } from '@purertc/dtls';
import fc from 'fast-check';
import { encodeHandshakeMessage, parseHandshakeFragments } from '../src/handshake';
import { decodeClientHello, encodeClientHello } from '../src/messages/client-hello';
import { decodeExtensions, encodeExtensions, type HelloExtensions } from '../src/messages/extensions';
import {
  checkPeerRecordSizeLimit,
  decodeRecordSizeLimit,
  encodeRecordSizeLimit,
  sendLimit,
  validateLocalRecordSizeLimit,
} from '../src/messages/record-size-limit';
import { decodeServerHello, encodeServerHello } from '../src/messages/server-hello';
import { parseRecords, writeRecordHeader } from '../src/record';
import { certs, components, Net, pair, type NetOptions } from './sim';

jest.setTimeout(30_000);

const CLIENT_HELLO = 1;
const SERVER_HELLO = 2;
const RSL = 28;
/** AES-128-GCM (the default first suite): explicit nonce 8 + tag 16. */
const GCM_OVERHEAD = 24;

let ec: DtlsCertificate;
let ec2: DtlsCertificate;
beforeAll(async () => {
  ({ ec, ec2 } = await certs());
});

function connect(client: Partial<DtlsEndpointOptions> = {}, server: Partial<DtlsEndpointOptions> = {}, tamper?: NetOptions['tamper']) {
  const { a, b } = pair(ec, ec2, {}, client, server);
  const net = new Net(a, b, { tamper });
  a.start(0);
  net.run(() => net.connected() || a.state === 'failed' || b.state === 'failed');
  return { a, b, net };
}

/** Sends `data` from `from` and runs the network until it was delivered (or nothing is pending). */
function deliver(net: Net, from: 'a' | 'b', data: Uint8Array): Uint8Array[] {
  const to = from === 'a' ? 'b' : 'a';
  const before = net.events(to, 'data').length;
  (from === 'a' ? net.a : net.b).send(data);
  net.run(() => net.events(to, 'data').length > before);
  return net.events(to, 'data').slice(before).map((e) => (e as Extract<DtlsEvent, { type: 'data' }>).data);
}

/** The (unprotected) hello of `type` in a datagram, if it carries one whole. */
function helloIn(datagram: Uint8Array, type: number): Uint8Array | undefined {
  for (const r of parseRecords(datagram).records) {
    if (r.type !== 22 || r.epoch !== 0) continue;
    for (const f of parseHandshakeFragments(r.fragment) ?? []) if (f.type === type && f.fragmentOffset === 0 && f.fragmentLength === f.length) return f.body.slice();
  }
  return undefined;
}

/**
 * Rewrites the whole unprotected handshake message of `type` in a datagram
 * with `edit(body)`, re-framing its handshake message and record; other
 * records are copied as they are.
 */
function rewriteHandshake(datagram: Uint8Array, type: number, edit: (body: Uint8Array) => Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const r of parseRecords(datagram).records) {
    const frags = r.type === 22 && r.epoch === 0 ? parseHandshakeFragments(r.fragment) : undefined;
    const f = frags?.length === 1 ? frags[0] : undefined;
    if (!f || f.type !== type || f.fragmentOffset !== 0 || f.fragmentLength !== f.length) {
      parts.push(datagram.subarray(r.header.byteOffset - datagram.byteOffset, r.fragment.byteOffset - datagram.byteOffset + r.fragment.length));
      continue;
    }
    const msg = encodeHandshakeMessage(type, f.messageSeq, edit(f.body));
    const rec = new Uint8Array(13 + msg.length);
    writeRecordHeader(rec, 0, r.type, r.version, r.epoch, r.sequenceNumber, msg.length);
    rec.set(msg, 13);
    parts.push(rec);
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Makes the record_size_limit extension (which encodeExtensions writes last)
 * of an encoded hello `bodyLength` bytes long instead of 2, fixing up the
 * extensions block length.
 */
function badLengthRsl(body: Uint8Array, extensions: HelloExtensions, bodyLength: number): Uint8Array {
  const block = encodeExtensions(extensions);
  const start = body.length - block.length;
  const head = body.subarray(0, body.length - 6); // everything before the RSL extension
  const ext = new Uint8Array(4 + bodyLength).fill(0x40);
  ext[0] = 0;
  ext[1] = RSL;
  ext[2] = bodyLength >>> 8;
  ext[3] = bodyLength & 0xff;
  const out = new Uint8Array(head.length + ext.length);
  out.set(head);
  out.set(ext, head.length);
  const total = block.length - 2 - 6 + ext.length;
  out[start] = total >>> 8;
  out[start + 1] = total & 0xff;
  return out;
}

function serverHelloEdit(edit: (e: HelloExtensions) => void) {
  return (from: 'a' | 'b', data: Uint8Array) =>
    from === 'b'
      ? rewriteHandshake(data, SERVER_HELLO, (body) => {
          const sh = decodeServerHello(body)!;
          edit(sh.extensions);
          return encodeServerHello(sh);
        })
      : data;
}

function clientHelloEdit(edit: (e: HelloExtensions) => void) {
  return (from: 'a' | 'b', data: Uint8Array) =>
    from === 'a'
      ? rewriteHandshake(data, CLIENT_HELLO, (body) => {
          const ch = decodeClientHello(body)!;
          edit(ch.extensions);
          return encodeClientHello(ch);
        })
      : data;
}

function errorOf(net: Net, side: 'a' | 'b') {
  const e = net.events(side, 'error')[0] as Extract<DtlsEvent, { type: 'error' }> | undefined;
  return e?.error;
}

describe('the extension codec (RFC 8449 §4: uint16 RecordSizeLimit)', () => {
  test('encode/decode the body; only exactly two bytes decode', () => {
    expect(Array.from(encodeRecordSizeLimit(0x4000))).toEqual([0x40, 0x00]);
    expect(decodeRecordSizeLimit(new Uint8Array([0x02, 0x00]))).toBe(512);
    expect(decodeRecordSizeLimit(new Uint8Array([0x40]))).toBeUndefined();
    expect(decodeRecordSizeLimit(new Uint8Array([0x40, 0, 0]))).toBeUndefined();
    expect(decodeRecordSizeLimit(new Uint8Array(0))).toBeUndefined();
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffff }), (v) => decodeRecordSizeLimit(encodeRecordSizeLimit(v)) === v));
  });

  test('inside the extensions block: type 28, round trip with the others', () => {
    const block = encodeExtensions({ recordSizeLimit: 512 });
    expect(Array.from(block)).toEqual([0, 6, 0, 28, 0, 2, 0x02, 0x00]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), fc.boolean(), (v, ems) => {
        const e: HelloExtensions = { recordSizeLimit: v, ...(ems ? { extendedMasterSecret: true } : {}) };
        expect(decodeExtensions(new ByteReader(encodeExtensions(e)))).toEqual(e);
      }),
    );
  });

  test('a wrong-length body leaves the hello readable and is reported as malformed (for decode_error)', () => {
    for (const len of [0, 1, 3, 4]) {
      const data = new Uint8Array(4 + len);
      data.set([0, RSL, 0, len]);
      const block = new Uint8Array(2 + data.length);
      block[1] = data.length;
      block.set(data, 2);
      const e = decodeExtensions(new ByteReader(block))!;
      expect(e.malformed).toEqual([RSL]);
      expect(e.recordSizeLimit).toBeUndefined();
    }
    // A repeated record_size_limit is still a malformed block (RFC 5246 §7.4.1.4).
    expect(decodeExtensions(new ByteReader(new Uint8Array([0, 12, 0, 28, 0, 2, 1, 0, 0, 28, 0, 2, 1, 0])))).toBeUndefined();
  });

  test('limits: peer values under 64 are illegal, ours must be within [64, 16384], sending is clamped to 2^14', () => {
    expect(checkPeerRecordSizeLimit(0)).toBe('illegal');
    expect(checkPeerRecordSizeLimit(63)).toBe('illegal');
    expect(checkPeerRecordSizeLimit(64)).toBe('ok');
    expect(checkPeerRecordSizeLimit(0xffff)).toBe('ok');
    for (const bad of [0, 63, 16385, 65535, 100.5, NaN]) expect(() => validateLocalRecordSizeLimit(bad)).toThrow(RangeError);
    expect(validateLocalRecordSizeLimit(64)).toBe(64);
    expect(validateLocalRecordSizeLimit(16384)).toBe(16384);
    expect(sendLimit(undefined)).toBe(16384);
    expect(sendLimit(512)).toBe(512);
    expect(sendLimit(16385)).toBe(16384);
    expect(sendLimit(65535)).toBe(16384);
    const comp: Components = components(3);
    for (const bad of [63, 16385, 0]) {
      expect(() => new DtlsEndpoint({ role: 'client', certificate: ec, recordSizeLimit: bad }, comp)).toThrow(RangeError);
    }
  });
});

describe('negotiation between two purertc endpoints', () => {
  test('by default both offer 2^14: the ClientHello carries it, the ServerHello answers, both getters say 16384', () => {
    const hellos: { ch?: Uint8Array; sh?: Uint8Array } = {};
    const { a, b, net } = connect({}, {}, (from, data) => {
      if (from === 'a') hellos.ch ??= helloIn(data, CLIENT_HELLO);
      else hellos.sh ??= helloIn(data, SERVER_HELLO);
      return data;
    });
    expect(net.connected()).toBe(true);
    expect(decodeClientHello(hellos.ch!)!.extensions.recordSizeLimit).toBe(16384);
    expect(decodeServerHello(hellos.sh!)!.extensions.recordSizeLimit).toBe(16384);
    for (const ep of [a, b]) {
      expect(ep.peerRecordSizeLimit).toBe(16384);
      expect(ep.localRecordSizeLimit).toBe(16384);
      expect(ep.maxPlaintextPerRecord).toBe(16384);
    }
    // Full-size records both ways.
    const big = new Uint8Array(16384).map((_, i) => i & 0xff);
    expect(deliver(net, 'a', big)).toEqual([big]);
    expect(deliver(net, 'b', big)).toEqual([big]);
    expect(() => a.send(new Uint8Array(16385))).toThrow(/larger than 16384/);
  });

  test('different limits per side: each side sends at most what the other advertised', () => {
    const { a, b, net } = connect({ recordSizeLimit: 1000 }, { recordSizeLimit: 2000 });
    expect(net.connected()).toBe(true);
    expect(a.peerRecordSizeLimit).toBe(2000);
    expect(a.localRecordSizeLimit).toBe(1000);
    expect(a.maxPlaintextPerRecord).toBe(2000);
    expect(b.peerRecordSizeLimit).toBe(1000);
    expect(b.localRecordSizeLimit).toBe(2000);
    expect(b.maxPlaintextPerRecord).toBe(1000);
  });

  for (const off of ['client', 'server'] as const) {
    test(`recordSizeLimit: false on the ${off}: not negotiated on either side, full-size data still flows`, () => {
      const hellos: { ch?: Uint8Array; sh?: Uint8Array } = {};
      const { a, b, net } = connect(off === 'client' ? { recordSizeLimit: false } : {}, off === 'server' ? { recordSizeLimit: false } : {}, (from, data) => {
        if (from === 'a') hellos.ch ??= helloIn(data, CLIENT_HELLO);
        else hellos.sh ??= helloIn(data, SERVER_HELLO);
        return data;
      });
      expect(net.connected()).toBe(true);
      // The client sends it unless disabled; the server never answers when disabled or not asked.
      expect(decodeClientHello(hellos.ch!)!.extensions.recordSizeLimit).toBe(off === 'client' ? undefined : 16384);
      expect(decodeServerHello(hellos.sh!)!.extensions.recordSizeLimit).toBeUndefined();
      for (const ep of [a, b]) {
        expect(ep.peerRecordSizeLimit).toBeUndefined();
        expect(ep.localRecordSizeLimit).toBeUndefined();
        expect(ep.maxPlaintextPerRecord).toBe(16384);
      }
      const big = new Uint8Array(16384).fill(7);
      expect(deliver(net, 'a', big)).toEqual([big]);
      expect(deliver(net, 'b', big)).toEqual([big]);
      expect(deliver(net, 'b', new Uint8Array([1, 2, 3]))).toEqual([new Uint8Array([1, 2, 3])]);
    });
  }
});

describe('a small limit (512) binds the other side', () => {
  for (const small of ['client', 'server'] as const) {
    test(`the ${small} advertises 512: the other side never sends a protected record with more than 512 bytes of plaintext`, () => {
      const protectedPlaintext: number[] = [];
      const limited = small === 'client' ? 'b' : 'a'; // the side that must obey
      const { a, b, net } = connect(small === 'client' ? { recordSizeLimit: 512 } : {}, small === 'server' ? { recordSizeLimit: 512 } : {}, (from, data) => {
        if (from === limited) for (const r of parseRecords(data).records) if (r.epoch > 0) protectedPlaintext.push(r.fragment.length - GCM_OVERHEAD);
        return data;
      });
      expect(net.connected()).toBe(true);
      expect(a.cipherSuite).toBe('TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256');
      const sender = limited === 'a' ? a : b;
      const other = limited === 'a' ? b : a;
      expect(sender.peerRecordSizeLimit).toBe(512);
      expect(sender.maxPlaintextPerRecord).toBe(512);
      expect(other.maxPlaintextPerRecord).toBe(16384); // the limit is one-way
      // Above the limit: a RangeError, and nothing goes out (no truncation).
      expect(() => sender.send(new Uint8Array(513))).toThrow(/record_size_limit of 512/);
      expect(() => sender.send(new Uint8Array(16384))).toThrow(RangeError);
      expect(sender.pollTransmit()).toBeUndefined();
      // Every size up to the limit arrives intact.
      const rand = seededRandom(9);
      for (const n of [1, 64, 511, 512, 300, 17]) {
        const m = new Uint8Array(n);
        rand(m);
        expect(deliver(net, limited, m)).toEqual([m]);
      }
      // The other direction is not limited.
      const big = new Uint8Array(16384).fill(1);
      expect(deliver(net, limited === 'a' ? 'b' : 'a', big)).toEqual([big]);
      sender.close();
      net.run(() => false);
      // Finished, application data and close_notify: all within the limit, and we saw the full-size ones.
      expect(protectedPlaintext.length).toBeGreaterThanOrEqual(8);
      expect(Math.max(...protectedPlaintext)).toBe(512);
      expect(net.events(limited === 'a' ? 'b' : 'a', 'error')).toEqual([]);
    });
  }
});

describe('receiving a record above our advertised limit (RFC 8449 §4: DTLS MAY discard)', () => {
  /** Seals a record of `n` bytes of application data from `ep`, bypassing send()'s check (a misbehaving peer). */
  function forceSend(ep: DtlsEndpoint, n: number) {
    (ep as unknown as { sendRecord(type: number, payload: Uint8Array): void }).sendRecord(23, new Uint8Array(n).fill(0x55));
  }

  test('a 513-byte record toward a 512 limit is discarded and counted; the association carries on', () => {
    const { a, b, net } = connect({ recordSizeLimit: 512 });
    expect(net.connected()).toBe(true);
    forceSend(b, 513);
    net.run(() => false);
    expect(a.counters.recordOverflow).toBe(1);
    expect(a.counters.authFailures).toBe(0);
    expect(net.events('a', 'data')).toEqual([]);
    expect(a.state).toBe('finished');
    expect(a.connected).toBe(true);
    expect(net.events('a', 'error')).toEqual([]);
    // A record at the limit, after the dropped one, still arrives.
    forceSend(b, 512);
    net.run(() => false);
    expect(net.events('a', 'data').length).toBe(1);
    expect(a.counters.recordOverflow).toBe(1);
  });

  test('without the extension, a record with more than 2^14 bytes of plaintext is discarded too (RFC 6347 §4.1)', () => {
    const { a, b, net } = connect({ recordSizeLimit: false });
    expect(net.connected()).toBe(true);
    forceSend(b, 16385);
    forceSend(a, 16385);
    net.run(() => false);
    expect(a.counters.recordOverflow).toBe(1);
    expect(b.counters.recordOverflow).toBe(1);
    expect(net.events('a', 'data')).toEqual([]);
    expect(net.events('b', 'data')).toEqual([]);
    expect(a.connected && b.connected).toBe(true);
  });

  test('the record layer decides from the header, before any crypto: an oversized forgery is an overflow, not an auth failure', () => {
    const suite = CIPHER_SUITES.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    const key = new Uint8Array(16).fill(1);
    const iv = new Uint8Array(4).fill(2);
    const tx = new RecordLayer();
    tx.installWrite(1, new RecordProtection(nodeCrypto, suite, key, iv));
    const rx = new RecordLayer();
    const got: Uint8Array[] = [];
    rx.installRead(1, new RecordProtection(nodeCrypto, suite, key, iv), (_t, _e, p) => got.push(p), 100);
    const seal = (n: number) => {
      const out = new Uint8Array(tx.recordLength(1, n));
      tx.writeRecord(out, 0, 23, 1, new Uint8Array(n).fill(3));
      return out;
    };
    rx.receive(seal(100), () => undefined);
    const ok = seal(100);
    rx.receive(ok, (_t, _e, p) => got.push(p));
    const over = seal(101);
    rx.receive(over, (_t, _e, p) => got.push(p));
    // Garbage of an oversized length: never reaches the AEAD.
    const forged = new Uint8Array(13 + 8 + 200 + 16);
    writeRecordHeader(forged, 0, 23, 0xfefd, 1, 77, 8 + 200 + 16);
    rx.receive(forged, (_t, _e, p) => got.push(p));
    expect(got.map((p) => p.length)).toEqual([100]);
    expect(rx.counters.recordOverflow).toBe(2);
    expect(rx.counters.authFailures).toBe(0);
    expect(rx.counters.recordsReceived).toBe(2);
  });
});

describe('malformed and illegal values: fatal alerts, never a throw', () => {
  for (const value of [0, 63]) {
    test(`ServerHello record_size_limit ${value}: the client sends illegal_parameter`, () => {
      const { a, b, net } = connect({}, {}, serverHelloEdit((e) => (e.recordSizeLimit = value)));
      expect(a.state).toBe('failed');
      expect(errorOf(net, 'a')?.alertName).toBe('illegal_parameter');
      expect(errorOf(net, 'a')?.message).toMatch(/record_size_limit/);
      net.run(() => b.state === 'failed');
      expect(errorOf(net, 'b')?.alertFromPeer).toBe(true);
      expect(errorOf(net, 'b')?.alertName).toBe('illegal_parameter');
    });

    test(`ClientHello record_size_limit ${value}: the server sends illegal_parameter (after the cookie)`, () => {
      const { a, b, net } = connect({}, {}, clientHelloEdit((e) => (e.recordSizeLimit = value)));
      expect(b.state).toBe('failed');
      expect(b.counters.helloVerifyRequestsSent).toBe(1);
      expect(errorOf(net, 'b')?.alertName).toBe('illegal_parameter');
      net.run(() => a.state === 'failed');
      expect(errorOf(net, 'a')?.alertFromPeer).toBe(true);
      expect(errorOf(net, 'a')?.alertName).toBe('illegal_parameter');
    });
  }

  test('64 is accepted from the peer', () => {
    // Both hellos rewritten identically is impossible without breaking Finished, so configure it.
    const { a, b, net } = connect({ recordSizeLimit: 64 });
    expect(net.connected()).toBe(true);
    expect(b.maxPlaintextPerRecord).toBe(64);
    expect(deliver(net, 'b', new Uint8Array(64).fill(9))).toEqual([new Uint8Array(64).fill(9)]);
    expect(a.peerRecordSizeLimit).toBe(16384);
  });

  for (const len of [1, 3]) {
    test(`ServerHello record_size_limit with a ${len}-byte body: the client sends decode_error`, () => {
      const tamper = (from: 'a' | 'b', data: Uint8Array) =>
        from === 'b'
          ? rewriteHandshake(data, SERVER_HELLO, (body) => {
              const sh = decodeServerHello(body)!;
              return badLengthRsl(encodeServerHello(sh), sh.extensions, len);
            })
          : data;
      const { a, b, net } = connect({}, {}, tamper);
      expect(a.state).toBe('failed');
      expect(errorOf(net, 'a')?.alertName).toBe('decode_error');
      net.run(() => b.state === 'failed');
      expect(errorOf(net, 'b')?.alertName).toBe('decode_error');
    });

    test(`ClientHello record_size_limit with a ${len}-byte body: the server sends decode_error`, () => {
      const tamper = (from: 'a' | 'b', data: Uint8Array) =>
        from === 'a'
          ? rewriteHandshake(data, CLIENT_HELLO, (body) => {
              const ch = decodeClientHello(body)!;
              return badLengthRsl(encodeClientHello(ch), ch.extensions, len);
            })
          : data;
      const { a, b, net } = connect({}, {}, tamper);
      expect(b.state).toBe('failed');
      expect(errorOf(net, 'b')?.alertName).toBe('decode_error');
      net.run(() => a.state === 'failed');
      expect(errorOf(net, 'a')?.alertFromPeer).toBe(true);
      expect(errorOf(net, 'a')?.alertName).toBe('decode_error');
    });
  }

  test('a ServerHello answering a record_size_limit we did not offer: unsupported_extension', () => {
    const { a, net } = connect({ recordSizeLimit: false }, {}, serverHelloEdit((e) => (e.recordSizeLimit = 16384)));
    expect(a.state).toBe('failed');
    expect(errorOf(net, 'a')?.alertName).toBe('unsupported_extension');
  });

  test('a client advertising more than 2^14 (a future version) is not refused by the server (RFC 8449 §4 "MUST NOT enforce"); we send at most 2^14', () => {
    const { a, b } = pair(ec, ec2);
    // Simulates a client whose version allows larger records: its own transcript carries the value.
    (a as unknown as { localRsl: number }).localRsl = 0xffff;
    const net = new Net(a, b);
    a.start(0);
    net.run(() => net.connected() || b.state === 'failed');
    expect(net.connected()).toBe(true);
    expect(b.peerRecordSizeLimit).toBe(0xffff);
    expect(b.maxPlaintextPerRecord).toBe(16384);
    expect(() => b.send(new Uint8Array(16385))).toThrow(RangeError);
  });

  test('random record_size_limit bodies in either hello never throw out of the cores', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 5 }), fc.boolean(), (bytes, onServer) => {
        const tamper = (from: 'a' | 'b', data: Uint8Array) =>
          from === (onServer ? 'b' : 'a')
            ? rewriteHandshake(data, onServer ? SERVER_HELLO : CLIENT_HELLO, (body) => {
                const h = onServer ? decodeServerHello(body)! : decodeClientHello(body)!;
                const enc = onServer ? encodeServerHello(h as never) : encodeClientHello(h as never);
                const withBody = badLengthRsl(enc, h.extensions, bytes.length);
                withBody.set(bytes, withBody.length - bytes.length);
                return withBody;
              })
            : data;
        const { a, b, net } = connect({}, {}, tamper);
        const value = bytes.length === 2 ? (bytes[0]! << 8) | bytes[1]! : undefined;
        if (value === 16384) {
          expect(net.connected()).toBe(true); // unchanged
        } else if (value === undefined || value < 64) {
          expect(a.state === 'failed' || b.state === 'failed').toBe(true);
          const err = errorOf(net, onServer ? 'a' : 'b');
          expect(err?.alertName).toBe(value === undefined ? 'decode_error' : 'illegal_parameter');
        } else {
          // A legal value changed in transit: the transcripts differ, so Finished fails (decrypt_error).
          expect(net.connected()).toBe(false);
        }
      }),
      { numRuns: 25 },
    );
  });
});
