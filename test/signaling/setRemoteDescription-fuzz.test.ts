/**
 * Property tests: setRemoteDescription with arbitrary text and arbitrary
 * type values never throws synchronously, never hangs, and rejects only with
 * the errors webrtc-pc names (RTCError sdp-syntax-error, TypeError,
 * InvalidAccessError, InvalidStateError), leaving the connection usable.
 */
import fc from 'fast-check';
import { RTCPeerConnection } from '@purertc/peerconnection';

const ALLOWED = new Set(['OperationError', 'TypeError', 'InvalidAccessError', 'InvalidStateError']);

async function outcome(pc: RTCPeerConnection, description: unknown): Promise<string> {
  let promise: Promise<unknown>;
  try {
    promise = pc.setRemoteDescription(description as never);
  } catch (e) {
    return `threw synchronously: ${String(e)}`;
  }
  const hang = new Promise<string>((resolve) => setTimeout(() => resolve('hung'), 1000));
  return Promise.race([
    promise.then(
      () => 'resolved',
      (e: unknown) => {
        const name = (e as Error)?.name;
        if (!ALLOWED.has(name)) return `unexpected ${name}: ${String(e)}`;
        // OperationError is an RTCError with sdp-syntax-error, or (as browsers do) an MSID used by two sections (RFC 8830 §2).
        const duplicateMsid = /is in two m= sections/.test(String((e as Error)?.message));
        if (name === 'OperationError' && (e as { errorDetail?: string }).errorDetail !== 'sdp-syntax-error' && !duplicateMsid) return `OperationError without sdp-syntax-error`;
        return `rejected:${name}`;
      },
    ),
    hang,
  ]);
}

let template = '';
let certificate: unknown;
/** A connection reusing one certificate (key generation would dominate the run time). */
function newPc(): RTCPeerConnection {
  return new RTCPeerConnection({ certificates: [certificate] } as never);
}
beforeAll(async () => {
  certificate = await RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' });
  const pc = newPc();
  pc.addTransceiver('audio');
  pc.addTransceiver('video', { sendEncodings: [{ rid: 'a' }, { rid: 'b' }] });
  pc.createDataChannel('x');
  const offer = await pc.createOffer();
  if (offer.sdp === undefined) throw new Error('createOffer resolved without sdp');
  template = offer.sdp;
  pc.close();
});

describe('setRemoteDescription never fails outside the spec', () => {
  test('arbitrary text with type offer rejects with RTCError or InvalidAccessError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (sdp) => {
        const pc = newPc();
        const r = await outcome(pc, { type: 'offer', sdp });
        pc.close();
        expect(['rejected:OperationError', 'rejected:InvalidAccessError']).toContain(r);
      }),
      { numRuns: 100 },
    );
  });

  test('arbitrary type values reject with TypeError or a spec error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.constantFrom('offer', 'answer', 'pranswer', 'rollback'), fc.anything()),
        fc.oneof(fc.string(), fc.anything()),
        async (type, sdp) => {
          const pc = newPc();
          const r = await outcome(pc, { type, sdp });
          pc.close();
          expect(r).toMatch(/^(resolved|rejected:)/);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('arbitrary non-dictionary arguments reject with TypeError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.constant(undefined)), async (arg) => {
        const pc = newPc();
        const r = await outcome(pc, arg);
        pc.close();
        expect(r).toBe('rejected:TypeError');
      }),
      { numRuns: 50 },
    );
  });

  test('line mutations of a real offer resolve or reject with a spec error, and the state stays consistent', async () => {
    const mutate = fc.tuple(
      fc.array(fc.tuple(fc.nat(), fc.constantFrom('delete', 'duplicate', 'garble', 'swap'), fc.string({ maxLength: 20 })), { minLength: 1, maxLength: 4 }),
    );
    await fc.assert(
      fc.asyncProperty(mutate, async ([ops]) => {
        const lines = template.split('\r\n');
        for (const [n, op, junk] of ops) {
          const i = n % lines.length;
          if (op === 'delete') lines.splice(i, 1);
          else if (op === 'duplicate') lines.splice(i, 0, lines[i]!);
          else if (op === 'garble') lines[i] = lines[i]!.slice(0, Math.max(2, lines[i]!.length >> 1)) + junk;
          else if (i + 1 < lines.length) [lines[i], lines[i + 1]] = [lines[i + 1]!, lines[i]!];
        }
        const pc = newPc();
        const r = await outcome(pc, { type: 'offer', sdp: lines.join('\r\n') });
        expect(r).toMatch(/^(resolved|rejected:)/);
        expect(pc.signalingState).toBe(r === 'resolved' ? 'have-remote-offer' : 'stable');
        if (r === 'resolved') {
          // An accepted offer can be answered.
          const answer = await pc.createAnswer();
          expect(answer!.type).toBe('answer');
        }
        pc.close();
      }),
      { numRuns: 150 },
    );
  });
});
