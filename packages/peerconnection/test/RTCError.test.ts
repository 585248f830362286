import { RTCErrorEvent } from '../src/events.js';
import { RTCError, isRTCError } from '../src/RTCError.js';

describe('RTCError', () => {
  test('constructor takes errorDetail and message', () => {
    const e = new RTCError({ errorDetail: 'data-channel-failure' }, 'message');
    expect(e.message).toBe('message');
    expect(e.errorDetail).toBe('data-channel-failure');
  });
  test('message is optional and defaults to empty', () => {
    expect(new RTCError({ errorDetail: 'data-channel-failure' }).message).toBe('');
  });
  test('no arguments is a TypeError', () => {
    expect(() => new (RTCError as any)()).toThrow(TypeError);
  });
  test('missing errorDetail is a TypeError', () => {
    expect(() => new RTCError({} as any)).toThrow(TypeError);
  });
  test('an unknown errorDetail is a TypeError', () => {
    expect(() => new RTCError({ errorDetail: 'invalid-error-detail' as any }, 'message')).toThrow(TypeError);
  });
  test('name is OperationError', () => {
    expect(new RTCError({ errorDetail: 'dtls-failure' }).name).toBe('OperationError');
  });
  test('code is 0', () => {
    expect(new RTCError({ errorDetail: 'dtls-failure' }).code).toBe(0);
  });
  test('is a DOMException of the runtime', () => {
    const e = new RTCError({ errorDetail: 'sctp-failure' });
    expect(e).toBeInstanceOf(globalThis.DOMException);
  });
  test('errorDetail is readonly', () => {
    const e = new RTCError({ errorDetail: 'data-channel-failure' });
    expect(() => {
      (e as any).errorDetail = 'dtls-failure';
    }).toThrow(TypeError);
    expect(e.errorDetail).toBe('data-channel-failure');
  });
  const nullable = ['sdpLineNumber', 'sctpCauseCode', 'receivedAlert', 'sentAlert'] as const;
  test('httpRequestStatusCode is not supported (removed from the current spec)', () => {
    expect('httpRequestStatusCode' in RTCError.prototype).toBe(false);
    expect('httpRequestStatusCode' in new RTCError({ errorDetail: 'data-channel-failure', httpRequestStatusCode: 404 } as any)).toBe(false);
  });
  for (const attr of nullable) {
    test(`${attr} is null by default`, () => {
      expect(new RTCError({ errorDetail: 'data-channel-failure' })[attr]).toBeNull();
    });
    test(`${attr} is settable by the constructor`, () => {
      expect(new RTCError({ errorDetail: 'data-channel-failure', [attr]: 0 })[attr]).toBe(0);
      expect(new RTCError({ errorDetail: 'data-channel-failure', [attr]: 42 })[attr]).toBe(42);
    });
    test(`${attr} is readonly`, () => {
      const e = new RTCError({ errorDetail: 'data-channel-failure' });
      expect(() => {
        (e as any)[attr] = 42;
      }).toThrow(TypeError);
    });
  }
  test('sdpLineNumber is a long: numeric strings convert', () => {
    expect(new RTCError({ errorDetail: 'sdp-syntax-error', sdpLineNumber: '7' as any }).sdpLineNumber).toBe(7);
  });
  test('attributes are prototype getters', () => {
    const e = new RTCError({ errorDetail: 'sdp-syntax-error', sdpLineNumber: 3 });
    expect(Object.prototype.hasOwnProperty.call(e, 'sdpLineNumber')).toBe(false);
    expect(typeof Object.getOwnPropertyDescriptor(RTCError.prototype, 'sdpLineNumber')!.get).toBe('function');
  });
  test('isRTCError recognises RTCErrors and nothing else', () => {
    expect(isRTCError(new RTCError({ errorDetail: 'sdp-syntax-error' }))).toBe(true);
    expect(isRTCError(new DOMException('x', 'OperationError'))).toBe(false);
    expect(isRTCError(new TypeError('x'))).toBe(false);
  });
  test('every RTCErrorDetailType value is accepted', () => {
    for (const d of [
      'data-channel-failure',
      'dtls-failure',
      'fingerprint-failure',
      'sctp-failure',
      'sdp-syntax-error',
      'hardware-encoder-not-available',
      'hardware-encoder-error',
    ] as const) {
      expect(new RTCError({ errorDetail: d }).errorDetail).toBe(d);
    }
  });
});

describe('RTCErrorEvent with a real RTCError', () => {
  test('carries the RTCError', () => {
    const err = new RTCError({ errorDetail: 'sctp-failure', sctpCauseCode: 12 });
    const e = new RTCErrorEvent('error', { error: err });
    expect(e.error).toBe(err);
    expect(e.error.sctpCauseCode).toBe(12);
  });
  test('a plain DOMException is a TypeError', () => {
    expect(() => new RTCErrorEvent('error', { error: new DOMException('x', 'OperationError') })).toThrow(TypeError);
  });
});
