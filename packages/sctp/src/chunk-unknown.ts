/**
 * Chunks of a type this implementation does not process (RFC 9260 §3.2):
 * kept raw, and acted on by the two high bits of the type.
 */

/** An unrecognized chunk, kept as received (value view into the packet). */
export interface UnknownChunk {
  type: 'unknown';
  chunkType: number;
  flags: number;
  value: Uint8Array;
}

/**
 * RFC 9260 §3.2, the two high-order bits of an unrecognized chunk type:
 * 00 stop processing and discard the packet; 01 the same, and report it in an
 * ERROR; 10 skip the chunk and continue; 11 skip, continue and report.
 */
export function unknownChunkAction(chunkType: number): { stop: boolean; report: boolean } {
  const hi = chunkType >>> 6;
  return { stop: (hi & 2) === 0, report: (hi & 1) === 1 };
}
