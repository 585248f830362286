/**
 * The DTLS role from the a=setup attributes (RFC 8842 §5, RFC 4145 §4;
 * JSEP, RFC 8829 §5.3.1 and §5.10): the offerer always says `actpass`, the
 * answerer picks `active` (JSEP's default, so the answerer is the DTLS
 * client and the offerer, answered `active`, is the DTLS server) or
 * `passive`.
 */

/** An a=setup value (RFC 4145 §4; `holdconn` is not allowed in WebRTC, RFC 8842 §5.1). */
export type SetupRole = 'active' | 'passive' | 'actpass';

/**
 * Our DTLS role given our a=setup and the peer's. `active` endpoints
 * initiate (client), `passive` ones accept (server). Undefined when the
 * pair is invalid (both active, both passive, or both actpass: an answer
 * must never say actpass, RFC 8842 §5.3).
 */
export function dtlsRoleFromSetup(local: SetupRole, remote: SetupRole): 'client' | 'server' | undefined {
  if (local === 'active') return remote === 'active' ? undefined : 'client';
  if (local === 'passive') return remote === 'passive' ? undefined : 'server';
  // local actpass: the remote answer decides.
  if (remote === 'active') return 'server';
  if (remote === 'passive') return 'client';
  return undefined;
}
