/**
 * Finished (RFC 5246 §7.4.9):
 *
 *   struct { opaque verify_data[12]; } Finished;
 *   verify_data = PRF(master_secret, finished_label, Hash(handshake_messages))[0..11]
 *
 * finished_label is "client finished" or "server finished".
 */

/** verify_data length for every suite here (RFC 5246 §7.4.9 default). */
export const VERIFY_DATA_LENGTH = 12;

/** A Finished message. */
export interface Finished {
  verifyData: Uint8Array;
}

/** Encodes a Finished body. */
export function encodeFinished(m: Finished): Uint8Array {
  return m.verifyData.slice();
}

/** Decodes a Finished body; undefined if it is not 12 bytes. */
export function decodeFinished(body: Uint8Array): Finished | undefined {
  return body.length === VERIFY_DATA_LENGTH ? { verifyData: body.slice() } : undefined;
}
