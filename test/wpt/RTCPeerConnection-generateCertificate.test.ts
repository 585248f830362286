/** WPT webrtc/RTCPeerConnection-generateCertificate.html, checked against our implementation. */
import { RTCCertificate, RTCPeerConnection } from '@purertc/peerconnection';
import { expectRejectsDom, expectRejectsJs } from './helpers.js';

const generate = RTCPeerConnection.generateCertificate as (alg: unknown) => Promise<RTCCertificate>;

describe('RTCPeerConnection-generateCertificate', () => {
  test('generateCertificate() with compulsary RSASSA-PKCS1-v1_5 parameters should succeed', async () => {
    const cert = await generate({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' });
    expect(cert).toBeInstanceOf(RTCCertificate);
    expect(cert.expires).toBeGreaterThan(Date.now());
  });

  test('generateCertificate() with compulsary ECDSA parameters should succeed', async () => {
    const cert = await generate({ name: 'ECDSA', namedCurve: 'P-256' });
    expect(cert).toBeInstanceOf(RTCCertificate);
    expect(cert.expires).toBeGreaterThan(Date.now());
  });

  test('generateCertificate() with invalid string algorithm should reject with NotSupportedError', async () => {
    await expectRejectsDom(generate('invalid-algo'), 'NotSupportedError');
  });

  test('generateCertificate() with invalid algorithm dict should reject with NotSupportedError', async () => {
    await expectRejectsDom(generate({ name: 'invalid-algo' }), 'NotSupportedError');
  });

  test('generateCertificate() with valid expires parameter should succeed', async () => {
    const start = Date.now();
    const cert = await generate({ name: 'ECDSA', namedCurve: 'P-256', expires: 2000 });
    expect(Math.abs(cert.expires - (start + 2000))).toBeLessThanOrEqual(1000);
  });

  test('generateCertificate() with 0 expires parameter should generate expired cert', async () => {
    const cert = await generate({ name: 'ECDSA', namedCurve: 'P-256', expires: 0 });
    expect(cert.expires).toBeLessThanOrEqual(Date.now());
  });

  test('generateCertificate() with invalid range for expires should reject with TypeError', async () => {
    await expectRejectsJs(generate({ name: 'ECDSA', namedCurve: 'P-256', expires: -1 }), TypeError);
  });

  test('generateCertificate() with invalid type for expires should reject with TypeError', async () => {
    await expectRejectsJs(generate({ name: 'ECDSA', namedCurve: 'P-256', expires: 'invalid' }), TypeError);
  });
});
