/**
 * RTP stream identifier attribute (RFC 8851 §10):
 *
 *   rid-syntax        = %s"a=rid:" rid-id SP rid-dir
 *                       [ rid-pt-param-list / rid-param-list ]
 *   rid-id            = 1*(alpha-numeric / "-" / "_")
 *   rid-dir           = %s"send" / %s"recv"
 *   rid-pt-param-list = SP rid-fmt-list *(";" rid-param)
 *   rid-fmt-list      = %s"pt=" fmt *( "," fmt )
 *   rid-param-list    = SP rid-param *(";" rid-param)
 *   rid-param         = 1*(alpha-numeric / "-") [ "=" param-val ]
 *   param-val         = *( %x20-3A / %x3C-7E )   ; any VCHAR or SP but ";"
 */
import { TOKEN } from './grammar.js';
import type { Rid, RidParameter } from './model.js';

/** RFC 8851 rid-id. */
export const RID_ID = /^[A-Za-z0-9_-]+$/;
const RID_PARAM_NAME = /^[A-Za-z0-9-]+$/;
const PARAM_VAL = /^[\x20-\x3a\x3c-\x7e]*$/;

/** Parses the value of `a=rid:`; undefined when it breaks RFC 8851 §10. */
export function parseRid(v: string): Rid | undefined {
  const m = /^(\S+) (send|recv)(?: (.+))?$/.exec(v);
  if (!m || !RID_ID.test(m[1]!)) return undefined;
  const params: RidParameter[] = [];
  if (m[3] !== undefined) {
    const pieces = m[3].split(';');
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i]!;
      const eq = p.indexOf('=');
      const key = eq < 0 ? p : p.slice(0, eq);
      if (!RID_PARAM_NAME.test(key)) return undefined;
      if (eq < 0) {
        params.push({ key });
        continue;
      }
      const value = p.slice(eq + 1);
      if (!PARAM_VAL.test(value)) return undefined;
      // rid-fmt-list: pt= must come first and list formats.
      if (key === 'pt') {
        if (i !== 0 || !value.split(',').every((f) => f.length > 0 && TOKEN.test(f))) return undefined;
      }
      params.push({ key, value });
    }
  }
  return { id: m[1]!, direction: m[2] as 'send' | 'recv', params };
}

/** Writes the value of `a=rid:` (without `a=rid:`). */
export function serializeRid(r: Rid): string {
  let s = `${r.id} ${r.direction}`;
  if (r.params.length > 0) s += ' ' + r.params.map((p) => (p.value === undefined ? p.key : `${p.key}=${p.value}`)).join(';');
  return s;
}

/** The payload types a rid is restricted to (its `pt=` parameter), or undefined when unrestricted. */
export function ridPayloadTypes(r: Rid): number[] | undefined {
  const pt = r.params.find((p) => p.key === 'pt');
  return pt?.value === undefined ? undefined : pt.value.split(',').map(Number);
}
