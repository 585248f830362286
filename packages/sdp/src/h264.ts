/**
 * H.264 `profile-level-id` (RFC 6184 §8.1): three bytes in hex,
 * profile_idc, profile-iop (constraint flags) and level_idc. Two H.264
 * payload formats are compatible for offer/answer when they share the
 * profile (the level is negotiated separately) and the packetization-mode.
 */
import type { Codec } from './model.js';

/** H.264 profile names derived from profile_idc and profile-iop. */
export type H264Profile =
  | 'constrained-baseline'
  | 'baseline'
  | 'main'
  | 'extended'
  | 'high'
  | 'constrained-high'
  | 'high-10'
  | 'high-422'
  | 'high-444';

/**
 * RFC 6184 §8.1 Table 5 (profile_idc, profile-iop mask and value). The
 * Constrained Baseline rows come before Baseline: a Baseline stream whose
 * constraint_set1 flag is set is also Constrained Baseline.
 */
const PROFILE_TABLE: readonly (readonly [number, number, number, H264Profile])[] = [
  [0x42, 0x4f, 0x40, 'constrained-baseline'],
  [0x4d, 0x8f, 0x80, 'constrained-baseline'],
  [0x58, 0xcf, 0xc0, 'constrained-baseline'],
  [0x42, 0x4f, 0x00, 'baseline'],
  [0x58, 0xcf, 0x80, 'baseline'],
  [0x4d, 0xaf, 0x00, 'main'],
  [0x58, 0xcf, 0x00, 'extended'],
  [0x64, 0xff, 0x00, 'high'],
  [0x64, 0xff, 0x0c, 'constrained-high'],
  [0x6e, 0xff, 0x00, 'high-10'],
  [0x7a, 0xff, 0x00, 'high-422'],
  [0xf4, 0xff, 0x00, 'high-444'],
];

/** RFC 6184 §8.1: the default when profile-level-id is absent (Baseline, level 1). */
export const DEFAULT_PROFILE_LEVEL_ID = '420010';

/** Parses a profile-level-id into its profile and level_idc; undefined when malformed or unknown. */
export function parseH264ProfileLevelId(plid: string): { profile: H264Profile; level: number } | undefined {
  if (!/^[0-9A-Fa-f]{6}$/.test(plid)) return undefined;
  const idc = parseInt(plid.slice(0, 2), 16);
  const iop = parseInt(plid.slice(2, 4), 16);
  const level = parseInt(plid.slice(4, 6), 16);
  for (const [i, mask, value, profile] of PROFILE_TABLE) {
    if (i === idc && (iop & mask) === value) return { profile, level };
  }
  return undefined;
}

/** Value of an fmtp parameter (case-insensitive key), or undefined. */
export function getCodecParameter(codec: Codec, key: string): string | undefined {
  const k = key.toLowerCase();
  return codec.parameters.find((p) => p.key.toLowerCase() === k)?.value;
}

/** The profile of an H.264 codec (its profile-level-id, defaulted per RFC 6184 §8.1). */
export function h264Profile(codec: Codec): H264Profile | undefined {
  return parseH264ProfileLevelId(getCodecParameter(codec, 'profile-level-id') ?? DEFAULT_PROFILE_LEVEL_ID)?.profile;
}

/** RFC 6184 §8.1: packetization-mode defaults to 0. */
export function h264PacketizationMode(codec: Codec): string {
  return getCodecParameter(codec, 'packetization-mode') ?? '0';
}
