/** WPT webrtc/RTCError.html, checked against our implementation. */
import { RTCError } from '@purertc/peerconnection';
import { expectThrowsJs } from './helpers.js';

const Ctor = RTCError as unknown as new (...args: unknown[]) => RTCError & Record<string, unknown>;

describe('RTCError', () => {
  test('RTCError constructor with errorDetail and message', () => {
    const error = new Ctor({ errorDetail: 'data-channel-failure' }, 'message');
    expect(error.message).toBe('message');
    expect(error.errorDetail).toBe('data-channel-failure');
  });

  test("RTCError constructor's message argument is optional", () => {
    expect(new Ctor({ errorDetail: 'data-channel-failure' }).message).toBe('');
  });

  test('RTCError constructor throws TypeError if arguments are missing', () => {
    expectThrowsJs(() => new Ctor(), TypeError);
    expectThrowsJs(() => new Ctor({}), TypeError);
  });

  test('RTCError constructor throws TypeError if the errorDetail is invalid', () => {
    expectThrowsJs(() => new Ctor({ errorDetail: 'invalid-error-detail' }, 'message'), TypeError);
  });

  test("RTCError.name is 'OperationError'", () => {
    expect(new Ctor({ errorDetail: 'data-channel-failure' }, 'message').name).toBe('OperationError');
  });

  test('RTCError.code is 0', () => {
    expect(new Ctor({ errorDetail: 'data-channel-failure' }, 'message').code).toBe(0);
  });

  test('RTCError.errorDetail is readonly.', () => {
    const error = new Ctor({ errorDetail: 'data-channel-failure' }, 'message');
    expectThrowsJs(() => {
      'use strict';
      (error as Record<string, unknown>).errorDetail = 'dtls-failure';
    }, TypeError);
    expect(error.errorDetail).toBe('data-channel-failure');
  });

  test('RTCErrorInit.errorDetail is the only required attribute', () => {
    expectThrowsJs(() => new Ctor({}, 'message'), TypeError);
    expect(new Ctor({ errorDetail: 'data-channel-failure' }, 'message')).toBeInstanceOf(DOMException);
  });

  for (const attribute of ['sdpLineNumber', 'sctpCauseCode', 'receivedAlert', 'sentAlert']) {
    test(`RTCError.${attribute} is null by default`, () => {
      expect(new Ctor({ errorDetail: 'data-channel-failure' }, 'message')[attribute]).toBeNull();
    });
    test(`RTCError.${attribute} is settable by constructor`, () => {
      expect(new Ctor({ errorDetail: 'data-channel-failure', [attribute]: 0 }, 'message')[attribute]).toBe(0);
    });
    test(`RTCError.${attribute} is readonly`, () => {
      const error = new Ctor({ errorDetail: 'data-channel-failure' }, 'message');
      expectThrowsJs(() => {
        'use strict';
        error[attribute] = 42;
      }, TypeError);
      expect(error[attribute]).toBeNull();
    });
  }

  test('RTCError httpRequestStatusCode should not be supported.', () => {
    expect('httpRequestStatusCode' in RTCError.prototype).toBe(false);
  });
});
