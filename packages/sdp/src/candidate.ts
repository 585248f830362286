/**
 * ICE candidate attribute (RFC 8839 §5.1):
 *
 *   candidate-attribute   = "candidate" ":" foundation SP component-id SP
 *                           transport SP priority SP connection-address SP
 *                           port SP cand-type [SP rel-addr] [SP rel-port]
 *                           *(SP cand-extension)
 *   foundation            = 1*32ice-char
 *   component-id          = 1*3DIGIT
 *   transport             = "UDP" / transport-extension
 *   priority              = 1*10DIGIT
 *   cand-type             = "typ" SP candidate-types
 *   rel-addr              = "raddr" SP connection-address
 *   rel-port              = "rport" SP port
 *   cand-extension        = extension-att-name SP extension-att-value
 *
 * Plus `tcptype` (RFC 6544 §4.5) and the extensions browsers add
 * (`generation`, `ufrag`, `network-id`, `network-cost`).
 */
import { ICE_CHARS, UINT32_MAX, isToken, parseIntIn } from './grammar.js';
import type { Candidate, CandidateExtension, SdpCandidate } from './model.js';

/** IPv4, IPv6 (optionally with a zone) or an FQDN such as an mDNS `.local` name. */
const CONNECTION_ADDRESS = /^[A-Za-z0-9.:\-_%]+$/;

/**
 * Parses a candidate attribute, with or without the `candidate:` prefix (and
 * tolerating a leading `a=`). Returns undefined when it breaks the grammar.
 */
export function parseCandidateAttribute(text: string): Candidate | undefined {
  let s = text;
  if (s.startsWith('a=')) s = s.slice(2);
  if (s.startsWith('candidate:')) s = s.slice(10);
  const f = s.split(' ');
  if (f.length < 8 || f.some((x) => x.length === 0)) return undefined;
  const [foundation, componentText, protocol, priorityText, address, portText, typ, type] = f as [
    string, string, string, string, string, string, string, string,
  ];
  if (foundation.length > 32 || !ICE_CHARS.test(foundation)) return undefined;
  const component = componentText.length <= 3 ? parseIntIn(componentText, 1, 256) : undefined;
  if (component === undefined) return undefined;
  if (!isToken(protocol)) return undefined;
  const priority = priorityText.length <= 10 ? parseIntIn(priorityText, 0, UINT32_MAX) : undefined;
  if (priority === undefined) return undefined;
  if (!CONNECTION_ADDRESS.test(address)) return undefined;
  const port = parseIntIn(portText, 0, 65535);
  if (port === undefined) return undefined;
  if (typ !== 'typ' || !isToken(type)) return undefined;
  const c: Candidate = { foundation, component, protocol, priority, address, port, type, extensions: [] };
  // The remainder is name/value pairs (rel-addr and rel-port are pairs too).
  if ((f.length - 8) % 2 !== 0) return undefined;
  for (let i = 8; i < f.length; i += 2) {
    const name = f[i]!;
    const value = f[i + 1]!;
    if (!isToken(name)) return undefined;
    switch (name) {
      case 'raddr':
        if (!CONNECTION_ADDRESS.test(value) || c.relatedAddress !== undefined) return undefined;
        c.relatedAddress = value;
        break;
      case 'rport': {
        const p = parseIntIn(value, 0, 65535);
        if (p === undefined || c.relatedPort !== undefined) return undefined;
        c.relatedPort = p;
        break;
      }
      case 'tcptype':
        c.tcpType = value;
        break;
      case 'generation': {
        const g = parseIntIn(value, 0, UINT32_MAX);
        if (g === undefined) return undefined;
        c.generation = g;
        break;
      }
      case 'ufrag':
        c.ufrag = value;
        break;
      case 'network-id': {
        const n = parseIntIn(value, 0, UINT32_MAX);
        if (n === undefined) return undefined;
        c.networkId = n;
        break;
      }
      case 'network-cost': {
        const n = parseIntIn(value, 0, UINT32_MAX);
        if (n === undefined) return undefined;
        c.networkCost = n;
        break;
      }
      default:
        c.extensions.push({ name, value });
    }
  }
  return c;
}

/**
 * Writes a candidate attribute `candidate:...` (no `a=`), in the order
 * browsers use: mandatory fields, raddr, rport, tcptype, generation, ufrag,
 * network-id, network-cost, then other extensions.
 */
export function serializeCandidateAttribute(c: Candidate): string {
  let s = `candidate:${c.foundation} ${c.component} ${c.protocol} ${c.priority} ${c.address} ${c.port} typ ${c.type}`;
  if (c.relatedAddress !== undefined) s += ` raddr ${c.relatedAddress}`;
  if (c.relatedPort !== undefined) s += ` rport ${c.relatedPort}`;
  if (c.tcpType !== undefined) s += ` tcptype ${c.tcpType}`;
  if (c.generation !== undefined) s += ` generation ${c.generation}`;
  if (c.ufrag !== undefined) s += ` ufrag ${c.ufrag}`;
  if (c.networkId !== undefined) s += ` network-id ${c.networkId}`;
  if (c.networkCost !== undefined) s += ` network-cost ${c.networkCost}`;
  for (const e of c.extensions) s += ` ${e.name} ${e.value}`;
  return s;
}

/** Builds the media-section form of a candidate (fields + canonical attribute text). */
export function sdpCandidate(c: Candidate): SdpCandidate {
  const extensions: CandidateExtension[] = c.extensions.map((e) => ({ name: e.name, value: e.value }));
  const copy: Candidate = { ...c, extensions };
  return { ...copy, attribute: serializeCandidateAttribute(copy) };
}
