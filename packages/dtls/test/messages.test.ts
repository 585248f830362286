import { fromHex, toHex } from '@purertc/common';
import fc from 'fast-check';
import { decodeAlert, encodeAlert } from '../src/messages/alert';
import { decodeCertificate, encodeCertificate } from '../src/messages/certificate';
import { decodeCertificateRequest, encodeCertificateRequest } from '../src/messages/certificate-request';
import { decodeCertificateVerify, encodeCertificateVerify } from '../src/messages/certificate-verify';
import { decodeClientHello, encodeClientHello, type ClientHello } from '../src/messages/client-hello';
import { decodeClientKeyExchange, encodeClientKeyExchange } from '../src/messages/client-key-exchange';
import { decodeFinished, encodeFinished } from '../src/messages/finished';
import { decodeHelloVerifyRequest, encodeHelloVerifyRequest } from '../src/messages/hello-verify-request';
import { decodeServerHello, encodeServerHello } from '../src/messages/server-hello';
import { decodeServerHelloDone } from '../src/messages/server-hello-done';
import { decodeServerKeyExchange, encodeServerKeyExchange } from '../src/messages/server-key-exchange';

const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const u16s = (min: number) => fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: min, maxLength: 10 });
const exts = fc.record(
  {
    supportedGroups: u16s(1),
    ecPointFormats: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 3 }),
    signatureAlgorithms: u16s(1),
    useSrtp: fc.record({ profiles: u16s(1), mki: bytes(0, 5) }),
    extendedMasterSecret: fc.constant(true),
    renegotiationInfo: bytes(0, 12),
  },
  { requiredKeys: [] },
);

describe('handshake message codecs: decode(encode(x)) = x', () => {
  test('ClientHello', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), bytes(32, 32), bytes(0, 32), bytes(0, 255), u16s(1), exts, (v, random, sid, cookie, cs, extensions) => {
        const m: ClientHello = { clientVersion: v, random, sessionId: sid, cookie, cipherSuites: cs, compressionMethods: [0], extensions };
        expect(decodeClientHello(encodeClientHello(m))).toEqual(m);
      }),
    );
  });
  test('ClientHello without extensions; a repeated extension is rejected', () => {
    const m: ClientHello = { clientVersion: 0xfefd, random: new Uint8Array(32), sessionId: new Uint8Array(0), cookie: new Uint8Array(0), cipherSuites: [0xc02b], compressionMethods: [0], extensions: {} };
    const enc = encodeClientHello(m);
    expect(decodeClientHello(enc)).toEqual(m);
    const dup = new Uint8Array([...enc, 0, 8, 0, 23, 0, 0, 0, 23, 0, 0]);
    expect(decodeClientHello(dup)).toBeUndefined();
  });
  test('ServerHello, HelloVerifyRequest, Certificate, ServerKeyExchange, CertificateRequest, ClientKeyExchange, CertificateVerify, Finished, Alert', () => {
    fc.assert(
      fc.property(bytes(32, 32), exts, bytes(1, 255), bytes(0, 300), (random, extensions, pk, sig) => {
        const sh = { serverVersion: 0xfefd, random, sessionId: new Uint8Array(0), cipherSuite: 0xc02b, compressionMethod: 0, extensions };
        expect(decodeServerHello(encodeServerHello(sh))).toEqual(sh);
        const hvr = { serverVersion: 0xfeff, cookie: pk };
        expect(decodeHelloVerifyRequest(encodeHelloVerifyRequest(hvr))).toEqual(hvr);
        const cert = { certificates: [pk, sig.length ? sig : pk] };
        expect(decodeCertificate(encodeCertificate(cert))).toEqual(cert);
        const ske = { namedCurve: 29, publicKey: pk, signatureAlgorithm: 0x0403, signature: sig };
        expect(decodeServerKeyExchange(encodeServerKeyExchange(ske))).toEqual(ske);
        const cr = { certificateTypes: [64, 1], signatureAlgorithms: [0x0403, 0x0804], authorities: [pk] };
        expect(decodeCertificateRequest(encodeCertificateRequest(cr))).toEqual(cr);
        expect(decodeClientKeyExchange(encodeClientKeyExchange({ publicKey: pk }))).toEqual({ publicKey: pk });
        const cv = { signatureAlgorithm: 0x0804, signature: sig };
        expect(decodeCertificateVerify(encodeCertificateVerify(cv))).toEqual(cv);
      }),
    );
    const fin = { verifyData: fromHex('000102030405060708090a0b') };
    expect(decodeFinished(encodeFinished(fin))).toEqual(fin);
    expect(decodeFinished(new Uint8Array(11))).toBeUndefined();
    expect(toHex(encodeAlert({ level: 2, description: 40 }))).toBe('0228');
    expect(decodeAlert(fromHex('0100'))).toEqual({ level: 1, description: 0 });
    expect(decodeAlert(fromHex('0300'))).toBeUndefined();
    expect(decodeServerHelloDone(new Uint8Array(0))).toBe(true);
    expect(decodeServerHelloDone(new Uint8Array(1))).toBe(false);
  });
  test('an empty Certificate list (a client declining) decodes', () => {
    expect(decodeCertificate(encodeCertificate({ certificates: [] }))).toEqual({ certificates: [] });
  });
  test('every decoder survives arbitrary bytes (undefined, never a throw)', () => {
    const decoders = [decodeClientHello, decodeServerHello, decodeHelloVerifyRequest, decodeCertificate, decodeServerKeyExchange, decodeCertificateRequest, decodeClientKeyExchange, decodeCertificateVerify, decodeFinished, decodeAlert];
    fc.assert(fc.property(bytes(0, 300), (b) => decoders.forEach((d) => void d(b))), { numRuns: 500 });
    // and truncations of valid encodings
    const ch = encodeClientHello({ clientVersion: 0xfefd, random: new Uint8Array(32), sessionId: new Uint8Array(0), cookie: new Uint8Array(3), cipherSuites: [1, 2], compressionMethods: [0], extensions: { supportedGroups: [29], useSrtp: { profiles: [1], mki: new Uint8Array(0) } } });
    const withoutExtensions = 2 + 32 + 1 + 1 + 3 + 2 + 4 + 2; // a hello may end before its extensions
    for (let i = 0; i < ch.length; i++) {
      if (i === withoutExtensions) expect(decodeClientHello(ch.subarray(0, i))!.extensions).toEqual({});
      else expect(decodeClientHello(ch.subarray(0, i))).toBeUndefined();
    }
  });
});
