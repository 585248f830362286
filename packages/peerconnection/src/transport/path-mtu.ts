/**
 * The SCTP packet size a path allows (RFC 8261 §5: SCTP over DTLS must not
 * exceed the path MTU; RFC 8899 PLPMTUD finds larger sizes by probing).
 *
 * The default, 1200 bytes of SCTP packet, fits any IPv4/IPv6 path with room
 * for the DTLS, UDP, IP and TURN headers. A pair of host candidates that are
 * both loopback addresses crosses only the loopback interface (MTU 64 KiB
 * on Linux, 16 KiB on macOS) and is never IP-fragmented, so there one SCTP
 * packet may fill a whole DTLS record.
 */
import type { CandidatePairInfo } from '@purertc/ice';

/**
 * SCTP packet size probed on a loopback path: the largest DTLS record
 * plaintext (2^14, RFC 6347 §4.1 / RFC 5246 §6.2.1), so one packet is one
 * record is one datagram of 16 421 bytes (AES-GCM) — under macOS's 16 KiB
 * loopback MTU too.
 */
export const LOOPBACK_SCTP_PACKET = 16384;

/**
 * SCTP packet size probed on a loopback path when the peer's DTLS stated no
 * record_size_limit (RFC 8449): the protocol allows 2^14 bytes of plaintext,
 * but libwebrtc (Chromium, and the Node stacks built on it) reads DTLS
 * records into a 2048-byte buffer and fails the whole connection on a larger
 * one instead of dropping it. 2048 bytes still means 40 % fewer datagrams
 * than 1200 (measured towards Chromium: +40-55 % throughput at 16 MiB, and
 * a third less CPU on both sides). Stacks that take less fail the probe.
 */
export const UNSTATED_LOOPBACK_SCTP_PACKET = 2048;

/** True for 127.0.0.0/8, ::1 and IPv4-mapped 127.x addresses. */
export function isLoopbackAddress(address: string): boolean {
  if (address === '::1' || address === '0:0:0:0:0:0:0:1') return true;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** True when the selected pair runs host-to-host over loopback (no relay, no NAT in between). */
export function isLoopbackPair(pair: CandidatePairInfo): boolean {
  return pair.local.type === 'host' && isLoopbackAddress(pair.local.address) && isLoopbackAddress(pair.remote.address);
}
