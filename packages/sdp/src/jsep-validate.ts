/**
 * Content checks JSEP applies after a description parses (RFC 8829 §5.8 and
 * §5.10, RFC 8843 §7, RFC 8842 §5): failures here are not syntax errors; the
 * peer connection turns them into InvalidAccessError.
 */
import type { SessionDescription } from './model.js';

/** Result of {@link validateJsepDescription}. */
export type JsepValidationResult = { ok: true } | { ok: false; reason: string };

/** The description type the checks depend on (rollback carries no SDP). */
export type JsepDescriptionType = 'offer' | 'pranswer' | 'answer';

/**
 * Checks a parsed description's content:
 * - mids are unique (RFC 5888 §4);
 * - every mid in an `a=group` names a media section, and no mid is in two
 *   BUNDLE groups (RFC 8843 §7.1, RFC 8829 §5.8);
 * - every section in use (port ≠ 0, or bundle-only) has ice-ufrag, ice-pwd
 *   (RFC 8839 §5.4) and a fingerprint (RFC 8842 §5.1), at media or session level;
 * - in an answer or pranswer, `a=setup` is `active` or `passive`
 *   (RFC 8842 §5.3: actpass and holdconn are offer-only).
 */
export function validateJsepDescription(sdp: SessionDescription, type: JsepDescriptionType): JsepValidationResult {
  const mids = new Set<string>();
  for (const m of sdp.media) {
    if (m.mid === undefined) continue;
    if (mids.has(m.mid)) return { ok: false, reason: `duplicate a=mid:${m.mid}` };
    mids.add(m.mid);
  }
  const bundled = new Set<string>();
  for (const g of sdp.groups) {
    for (const mid of g.mids) {
      if (!mids.has(mid)) return { ok: false, reason: `a=group:${g.semantics} references unknown mid ${mid}` };
      if (g.semantics === 'BUNDLE') {
        if (bundled.has(mid)) return { ok: false, reason: `mid ${mid} is in two BUNDLE groups` };
        bundled.add(mid);
      }
    }
  }
  for (let i = 0; i < sdp.media.length; i++) {
    const m = sdp.media[i]!;
    if (m.port === 0 && !m.bundleOnly) continue;
    const where = `m= section ${i}`;
    if ((m.iceUfrag ?? sdp.iceUfrag) === undefined) return { ok: false, reason: `${where} has no a=ice-ufrag` };
    if ((m.icePwd ?? sdp.icePwd) === undefined) return { ok: false, reason: `${where} has no a=ice-pwd` };
    if (m.fingerprints.length === 0 && sdp.fingerprints.length === 0) {
      return { ok: false, reason: `${where} has no a=fingerprint` };
    }
    const setup = m.setup ?? sdp.setup;
    if (type !== 'offer' && (setup === 'actpass' || setup === 'holdconn')) {
      return { ok: false, reason: `${where} has a=setup:${setup} in an answer` };
    }
  }
  return { ok: true };
}
