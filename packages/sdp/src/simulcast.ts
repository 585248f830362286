/**
 * Simulcast attribute (RFC 8853 §5.1):
 *
 *   sc-value     = ( sc-send [SP sc-recv] ) / ( sc-recv [SP sc-send] )
 *   sc-send      = %s"send" SP sc-str-list
 *   sc-recv      = %s"recv" SP sc-str-list
 *   sc-str-list  = sc-alt-list *( ";" sc-alt-list )
 *   sc-alt-list  = sc-id *( "," sc-id )
 *   sc-id-paused = "~"
 *   sc-id        = [sc-id-paused] rid-id
 */
import { RID_ID } from './rid.js';
import type { Simulcast, SimulcastRid, SimulcastStreams } from './model.js';

function parseStreams(s: string): SimulcastStreams | undefined {
  const streams: SimulcastStreams = [];
  for (const alt of s.split(';')) {
    const alternatives: SimulcastRid[] = [];
    for (const id of alt.split(',')) {
      const paused = id.startsWith('~');
      const rid = paused ? id.slice(1) : id;
      if (!RID_ID.test(rid)) return undefined;
      alternatives.push({ rid, paused });
    }
    streams.push(alternatives);
  }
  return streams;
}

/** Parses the value of `a=simulcast:`; undefined when it breaks RFC 8853 §5.1. */
export function parseSimulcast(v: string): Simulcast | undefined {
  const parts = v.split(' ');
  if (parts.length !== 2 && parts.length !== 4) return undefined;
  const out: Simulcast = {};
  for (let i = 0; i < parts.length; i += 2) {
    const dir = parts[i]!;
    if (dir !== 'send' && dir !== 'recv') return undefined;
    if (out[dir] !== undefined) return undefined;
    const streams = parseStreams(parts[i + 1]!);
    if (!streams) return undefined;
    out[dir] = streams;
    if (i === 0 && dir === 'recv' && parts.length === 4) out.recvFirst = true;
  }
  return out;
}

function serializeStreams(s: SimulcastStreams): string {
  return s.map((alt) => alt.map((r) => (r.paused ? '~' : '') + r.rid).join(',')).join(';');
}

/** Writes the value of `a=simulcast:` (send first unless `recvFirst`). */
export function serializeSimulcast(s: Simulcast): string {
  const send = s.send ? `send ${serializeStreams(s.send)}` : undefined;
  const recv = s.recv ? `recv ${serializeStreams(s.recv)}` : undefined;
  const order = s.recvFirst ? [recv, send] : [send, recv];
  return order.filter((x): x is string => x !== undefined).join(' ');
}
