import fc from 'fast-check';
import { fromHex, toHex } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';
import {
  Attr, StunClass, StunMethod, StunMessageBuilder, StunCredential, StunStreamFramer, addErrorCode, addXorAddress,
  checkFingerprint, crc32, decodeAddress, decodeChannelData, decodeErrorCode, decodeStun, decodeUnknownAttributes,
  decodeXorAddress, encodeAddress, encodeChannelData, encodeUnknownAttributes, encodeXorAddress, getAttribute,
  getErrorCode, getText, getUint32, getXorAddress, isChannelData, isStun, longTermKey, md5, messageType,
  prepareCompat, shortTermKey, splitMessageType, unknownRequiredAttributes,
} from '@purertc/ice';
import { SAMPLE_IPV4_RESPONSE, SAMPLE_IPV6_RESPONSE, SAMPLE_LONG_TERM_REQUEST, SAMPLE_REQUEST, SHORT_TERM_PASSWORD } from './vectors/rfc5769';

const tid = fromHex('b7e7a701bc34d686fa87dfae');
const cred = new StunCredential(nodeCrypto, shortTermKey(SHORT_TERM_PASSWORD));
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('primitives', () => {
  it('CRC-32 and MD5 known answers', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(toHex(md5(new Uint8Array(0)))).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(toHex(md5(new TextEncoder().encode('abc')))).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(toHex(md5(new TextEncoder().encode('a'.repeat(200))))).toBe(
      nodeCryptoMd5('a'.repeat(200)),
    );
  });
  it('message type bits round-trip for every method/class', () => {
    expect(messageType(StunMethod.Binding, StunClass.Request)).toBe(0x0001);
    expect(messageType(StunMethod.Binding, StunClass.Success)).toBe(0x0101);
    expect(messageType(StunMethod.Allocate, StunClass.Error)).toBe(0x0113);
    expect(messageType(StunMethod.Send, StunClass.Indication)).toBe(0x0016);
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xfff }), fc.integer({ min: 0, max: 3 }), (m, c) => {
      const s = splitMessageType(messageType(m, c as StunClass));
      return s.method === m && s.class === c;
    }));
  });
});

function nodeCryptoMd5(s: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node:crypto').createHash('md5').update(s).digest('hex');
}

describe('RFC 5769 vectors', () => {
  it('2.1 sample request', () => {
    const msg = decodeStun(fromHex(SAMPLE_REQUEST))!;
    expect(msg).toBeDefined();
    expect(msg.method).toBe(StunMethod.Binding);
    expect(msg.class).toBe(StunClass.Request);
    expect(toHex(msg.transactionId)).toBe(toHex(tid));
    expect(getText(msg, Attr.Software)).toBe('STUN test client');
    expect(getText(msg, Attr.Username)).toBe('evtj:h6vY');
    expect(getUint32(msg, Attr.Priority)).toBe(0x6e0001ff);
    expect(toHex(getAttribute(msg, Attr.IceControlled)!.value)).toBe('932ff9b151263b36');
    expect(cred.verify(msg)).toBe(true);
    expect(new StunCredential(nodeCrypto, shortTermKey('wrong')).verify(msg)).toBe(false);
    expect(checkFingerprint(msg)).toBe(true);
  });
  it('2.2 IPv4 response', () => {
    const msg = decodeStun(fromHex(SAMPLE_IPV4_RESPONSE))!;
    expect(msg.class).toBe(StunClass.Success);
    expect(getText(msg, Attr.Software)).toBe('test vector');
    expect(getXorAddress(msg, Attr.XorMappedAddress)).toEqual({ address: '192.0.2.1', port: 32853, family: 'IPv4' });
    expect(cred.verify(msg)).toBe(true);
    expect(checkFingerprint(msg)).toBe(true);
    expect(toHex(encodeXorAddress({ address: '192.0.2.1', port: 32853 }, tid))).toBe(toHex(getAttribute(msg, Attr.XorMappedAddress)!.value));
  });
  it('2.3 IPv6 response', () => {
    const msg = decodeStun(fromHex(SAMPLE_IPV6_RESPONSE))!;
    const mapped = { address: '2001:db8:1234:5678:11:2233:4455:6677', port: 32853, family: 'IPv6' as const };
    expect(getXorAddress(msg, Attr.XorMappedAddress)).toEqual(mapped);
    expect(toHex(encodeXorAddress(mapped, tid))).toBe(toHex(getAttribute(msg, Attr.XorMappedAddress)!.value));
    expect(cred.verify(msg)).toBe(true);
    expect(checkFingerprint(msg)).toBe(true);
  });
  it('2.4 long-term credentials: key, integrity and byte-exact re-encoding', () => {
    const bytes = fromHex(SAMPLE_LONG_TERM_REQUEST);
    const msg = decodeStun(bytes)!;
    expect(getText(msg, Attr.Username)).toBe('マトリックス');
    expect(getText(msg, Attr.Nonce)).toBe('f//499k954d6OL34oL9FSTvy64sA');
    expect(getText(msg, Attr.Realm)).toBe('example.org');
    expect(checkFingerprint(msg)).toBeUndefined();
    expect(prepareCompat('TheMªtrⅨ')).toBe('TheMatrIX');
    const key = longTermKey('マトリックス', 'example.org', 'TheMªtrⅨ');
    expect(toHex(key)).toBe(toHex(longTermKey('マトリックス', 'example.org', 'TheMatrIX')));
    const c = new StunCredential(nodeCrypto, key);
    expect(c.verify(msg)).toBe(true);
    expect(new StunCredential(nodeCrypto, longTermKey('マトリックス', 'example.org', 'thematrix')).verify(msg)).toBe(false);
    const b = new StunMessageBuilder(StunMethod.Binding, StunClass.Request, msg.transactionId)
      .addString(Attr.Username, 'マトリックス').addString(Attr.Nonce, 'f//499k954d6OL34oL9FSTvy64sA').addString(Attr.Realm, 'example.org');
    c.sign(b);
    expect(toHex(b.build())).toBe(toHex(bytes));
  });
  it('any flipped bit in a signed vector breaks integrity or fingerprint or framing', () => {
    const bytes = fromHex(SAMPLE_REQUEST);
    for (let i = 0; i < bytes.length * 8; i += 7) {
      const copy = bytes.slice();
      copy[i >> 3]! ^= 1 << (i & 7);
      const m = decodeStun(copy);
      if (m === undefined) continue;
      expect(cred.verify(m) === true && checkFingerprint(m) === true).toBe(false);
    }
  });
});

describe('codec', () => {
  it('builds and decodes every ICE/TURN attribute', () => {
    const t = new Uint8Array(12).fill(7);
    const b = new StunMessageBuilder(StunMethod.Allocate, StunClass.Error, t);
    addXorAddress(b, Attr.XorMappedAddress, { address: '203.0.113.9', port: 4000 });
    addXorAddress(b, Attr.XorPeerAddress, { address: '2001:db8::1', port: 65535 });
    addXorAddress(b, Attr.XorRelayedAddress, { address: '198.51.100.1', port: 1 });
    b.add(Attr.MappedAddress, encodeAddress({ address: '10.0.0.1', port: 9 }));
    b.addString(Attr.Username, 'a:b').addString(Attr.Realm, 'r').addString(Attr.Nonce, 'n').addString(Attr.Software, 'purertc');
    b.addUint32(Attr.Priority, 0xdeadbeef).addFlag(Attr.UseCandidate).addBytes(Attr.IceControlling, new Uint8Array(8).fill(1));
    addErrorCode(b, 487);
    b.add(Attr.UnknownAttributes, encodeUnknownAttributes([0x7777, 0x0042]));
    b.addUint32(Attr.Lifetime, 600).add(Attr.ChannelNumber, Uint8Array.of(0x40, 0x01, 0, 0)).add(Attr.Data, Uint8Array.of(1, 2, 3));
    cred.sign(b, { sha1: true, sha256: true });
    b.addFingerprint();
    const m = decodeStun(b.build())!;
    expect(m.method).toBe(StunMethod.Allocate);
    expect(m.class).toBe(StunClass.Error);
    expect(getXorAddress(m, Attr.XorMappedAddress)).toEqual({ address: '203.0.113.9', port: 4000, family: 'IPv4' });
    expect(getXorAddress(m, Attr.XorPeerAddress)).toEqual({ address: '2001:db8::1', port: 65535, family: 'IPv6' });
    expect(getXorAddress(m, Attr.XorRelayedAddress)?.address).toBe('198.51.100.1');
    expect(decodeAddress(getAttribute(m, Attr.MappedAddress)!.value)).toEqual({ address: '10.0.0.1', port: 9, family: 'IPv4' });
    expect(getText(m, Attr.Username)).toBe('a:b');
    expect(getUint32(m, Attr.Priority)).toBe(0xdeadbeef);
    expect(getAttribute(m, Attr.UseCandidate)!.value.length).toBe(0);
    expect(getErrorCode(m)).toEqual({ code: 487, reason: 'Role Conflict' });
    expect(decodeUnknownAttributes(getAttribute(m, Attr.UnknownAttributes)!.value)).toEqual([0x7777, 0x42]);
    expect(getUint32(m, Attr.Lifetime)).toBe(600);
    expect(cred.verify(m)).toBe(true); // checks the SHA-256 one
    expect(checkFingerprint(m)).toBe(true);
  });
  it('ignores attributes after MESSAGE-INTEGRITY and FINGERPRINT', () => {
    const b = new StunMessageBuilder(StunMethod.Binding, StunClass.Request, tid).addUint32(Attr.Priority, 1);
    cred.sign(b);
    b.addUint32(Attr.Lifetime, 5).addFingerprint().addString(Attr.Software, 'late');
    const m = decodeStun(b.build())!;
    expect(getAttribute(m, Attr.Lifetime)).toBeUndefined();
    expect(getAttribute(m, Attr.Software)).toBeUndefined();
    expect(cred.verify(m)).toBe(true);
  });
  it('rejects malformed framing', () => {
    const good = new StunMessageBuilder(StunMethod.Binding, StunClass.Request, tid).addString(Attr.Software, 'abc').build();
    expect(decodeStun(good)).toBeDefined();
    expect(decodeStun(good.subarray(0, 19))).toBeUndefined();
    expect(decodeStun(good.subarray(0, good.length - 1))).toBeUndefined();
    const c1 = good.slice(); c1[0]! |= 0x80; expect(decodeStun(c1)).toBeUndefined();
    const c2 = good.slice(); c2[4]! ^= 1; expect(decodeStun(c2)).toBeUndefined();
    const c3 = good.slice(); c3[23] = 9; expect(decodeStun(c3)).toBeUndefined();
    expect(isStun(good)).toBe(true);
    expect(isStun(encodeChannelData(0x4000, new Uint8Array(20)))).toBe(false);
  });
  it('unknown comprehension-required attributes are reported for a 420', () => {
    const m = decodeStun(new StunMessageBuilder(StunMethod.Binding, StunClass.Request, tid)
      .add(0x7001, Uint8Array.of(1)).add(0xc001, Uint8Array.of(2)).addUint32(Attr.Priority, 1).build())!;
    expect(unknownRequiredAttributes(m)).toEqual([0x7001]);
  });
  it('address and error-code decoders reject bad values', () => {
    expect(decodeAddress(Uint8Array.of(0, 3, 0, 0, 1, 2, 3, 4))).toBeUndefined();
    expect(decodeAddress(Uint8Array.of(0, 2, 0, 0, 1, 2, 3, 4))).toBeUndefined();
    expect(decodeXorAddress(Uint8Array.of(0, 1, 0, 0, 1, 2, 3), tid)).toBeUndefined();
    expect(decodeErrorCode(Uint8Array.of(0, 0, 2, 0))).toBeUndefined();
    expect(decodeErrorCode(Uint8Array.of(0, 0, 4))).toBeUndefined();
    expect(() => encodeAddress({ address: 'example.com', port: 1 })).toThrow(TypeError);
  });
});

describe('properties', () => {
  const addr = fc.oneof(fc.ipV4(), fc.ipV6());
  it('decode(encode(x)) equals x', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 0xfff }), fc.integer({ min: 0, max: 3 }), fc.uint8Array({ minLength: 12, maxLength: 12 }),
      fc.string(), addr, fc.integer({ min: 0, max: 65535 }), fc.uint8Array({ maxLength: 300 }), fc.boolean(),
      (method, cls, t, user, ip, port, data, fp) => {
        const b = new StunMessageBuilder(method, cls as StunClass, t).addString(Attr.Username, user);
        addXorAddress(b, Attr.XorPeerAddress, { address: ip, port });
        b.add(Attr.Data, data);
        cred.sign(b);
        if (fp) b.addFingerprint();
        const m = decodeStun(b.build());
        if (!m) return false;
        const got = getXorAddress(m, Attr.XorPeerAddress)!;
        return m.method === method && m.class === cls && getText(m, Attr.Username) === user &&
          toHex(getAttribute(m, Attr.Data)!.value) === toHex(data) && got.port === port &&
          toHex(encodeAddress(got)) === toHex(encodeAddress({ address: ip, port })) &&
          cred.verify(m) === true && checkFingerprint(m) === (fp ? true : undefined);
      }), { numRuns: 300 });
  });
  it('decoding any bytes never throws', () => {
    const header = fc.tuple(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 0, max: 3 })).map(([body, t]) => {
      const len = body.length & ~3;
      const out = new Uint8Array(20 + len);
      out[0] = t >> 1; out[1] = 1 | ((t & 1) << 4); out[2] = len >> 8; out[3] = len & 0xff;
      out.set([0x21, 0x12, 0xa4, 0x42], 4); out.set(body.subarray(0, len), 20);
      return out;
    });
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), header), (bytes) => {
      const m = decodeStun(bytes);
      if (m) {
        cred.verify(m); checkFingerprint(m); unknownRequiredAttributes(m);
        for (const a of m.attributes) {
          decodeAddress(a.value); decodeXorAddress(a.value, m.transactionId); decodeErrorCode(a.value); decodeUnknownAttributes(a.value);
        }
      }
      decodeChannelData(bytes);
      const f = new StunStreamFramer(); f.push(bytes); while (f.next()) { /* drain */ }
      return true;
    }), { numRuns: 3000 });
  });
});

describe('ChannelData and stream framing', () => {
  it('pads on streams and frames mixed messages split arbitrarily', () => {
    const cd = encodeChannelData(0x4001, Uint8Array.of(1, 2, 3, 4, 5));
    expect(cd.length).toBe(9);
    expect(isChannelData(cd)).toBe(true);
    expect(decodeChannelData(cd)).toEqual({ channel: 0x4001, data: Uint8Array.of(1, 2, 3, 4, 5) });
    const padded = encodeChannelData(0x4fff, Uint8Array.of(1, 2, 3, 4, 5), true);
    expect(padded.length).toBe(12);
    expect(() => encodeChannelData(0x3fff, new Uint8Array(1))).toThrow(RangeError);
    const stun = new StunMessageBuilder(StunMethod.Refresh, StunClass.Request, tid).addUint32(Attr.Lifetime, 0).build();
    const stream = new Uint8Array([...padded, ...stun, ...encodeChannelData(0x4002, new Uint8Array(0), true)]);
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 10 }), (cuts) => {
      const f = new StunStreamFramer();
      const got: number[] = [];
      let off = 0;
      for (const c of [...cuts, stream.length]) {
        f.push(stream.subarray(off, Math.min(stream.length, off + c)));
        off = Math.min(stream.length, off + c);
        for (let m = f.next(); m; m = f.next()) got.push(m.length);
      }
      return JSON.stringify(got) === JSON.stringify([12, stun.length, 4]) && f.buffered === 0;
    }));
    const bad = new StunStreamFramer();
    bad.push(Uint8Array.of(0x80, 0, 0, 0));
    expect(bad.next()).toBeUndefined();
    expect(bad.error).toBe('not-stun-or-channeldata');
  });
});
