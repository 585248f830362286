/**
 * RTCIceCandidate (webrtc-pc §4.8.1.2 "RTCIceCandidate Interface"): a
 * candidate-attribute string with its m-section association, and the fields
 * parsed from it.
 */
import { parseCandidateAttribute } from '@purertc/sdp';
import {
  dictionary,
  enumeration,
  exposeInterface,
  nullable,
  registerInterface,
  toDOMString,
  toUnsignedShort,
  toUSVString,
} from './webidl.js';

/** RTCIceComponent. */
export type RTCIceComponent = 'rtp' | 'rtcp';
/** RTCIceProtocol. */
export type RTCIceProtocol = 'udp' | 'tcp';
/** RTCIceCandidateType. */
export type RTCIceCandidateType = 'host' | 'srflx' | 'prflx' | 'relay';
/** RTCIceTcpCandidateType (RFC 6544). */
export type RTCIceTcpCandidateType = 'active' | 'passive' | 'so';
/** RTCIceServerTransportProtocol: how a relay candidate reaches its TURN server. */
export type RTCIceServerTransportProtocol = 'udp' | 'tcp' | 'tls';

/** RTCIceCandidateInit. */
export interface RTCIceCandidateInit {
  candidate?: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}

/** RTCLocalIceCandidateInit: RTCIceCandidateInit plus what only local candidates carry. */
export interface RTCLocalIceCandidateInit extends RTCIceCandidateInit {
  relayProtocol?: RTCIceServerTransportProtocol | null;
  url?: string | null;
}

const iceCandidateInit = dictionary<Required<RTCIceCandidateInit>>('RTCIceCandidateInit', {
  candidate: { convert: toDOMString, default: '' },
  sdpMid: { convert: nullable(toDOMString), default: null },
  // `unsigned short?` without [EnforceRange]: the modulo conversion.
  sdpMLineIndex: { convert: nullable((v, c) => toUnsignedShort(v, c, 'modulo')), default: null },
  usernameFragment: { convert: nullable(toDOMString), default: null },
});

const localIceCandidateInit = dictionary<Required<RTCLocalIceCandidateInit>>(
  'RTCLocalIceCandidateInit',
  {
    relayProtocol: {
      convert: nullable(enumeration<RTCIceServerTransportProtocol>('RTCIceServerTransportProtocol', ['udp', 'tcp', 'tls'])),
      default: null,
    },
    url: { convert: nullable(toUSVString), default: null },
  },
  iceCandidateInit,
);

/**
 * Converts addIceCandidate's argument (RTCIceCandidateInit; an RTCIceCandidate
 * object works too, its attributes are read as members).
 */
export function toIceCandidateInit(value: unknown, context = 'RTCIceCandidateInit'): Required<RTCIceCandidateInit> {
  return iceCandidateInit(value, context);
}

/** The fields RTCIceCandidate exposes from a parsed candidate-attribute. */
export interface ParsedIceCandidate {
  foundation: string;
  component: RTCIceComponent;
  priority: number;
  address: string;
  protocol: RTCIceProtocol;
  port: number;
  type: RTCIceCandidateType;
  tcpType: RTCIceTcpCandidateType | null;
  relatedAddress: string | null;
  relatedPort: number | null;
  /** The `ufrag` extension attribute, when present. */
  ufrag: string | null;
}

/**
 * Parses a candidate-attribute (RFC 8839 §5.1, with or without the
 * `candidate:` prefix) with @purertc/sdp's grammar, then maps it to the
 * RTCIceCandidate attributes. Returns null when the text breaks the grammar or
 * "any field in the parse result represents an invalid value for the
 * corresponding attribute" (webrtc-pc §4.8.1.2): a component other than 1
 * (rtp) or 2 (rtcp), a transport other than UDP/TCP, a candidate type other
 * than host/srflx/prflx/relay, a tcptype other than active/passive/so.
 */
export function parseIceCandidateFields(text: string): ParsedIceCandidate | null {
  const c = parseCandidateAttribute(text);
  if (!c) return null;
  let component: RTCIceComponent;
  if (c.component === 1) component = 'rtp';
  else if (c.component === 2) component = 'rtcp';
  else return null;
  const protocol = c.protocol.toLowerCase(); // SDP writes "UDP"; the IDL enum is lower case.
  if (protocol !== 'udp' && protocol !== 'tcp') return null;
  const type = c.type;
  if (type !== 'host' && type !== 'srflx' && type !== 'prflx' && type !== 'relay') return null;
  let tcpType: RTCIceTcpCandidateType | null = null;
  if (c.tcpType !== undefined) {
    if (c.tcpType !== 'active' && c.tcpType !== 'passive' && c.tcpType !== 'so') return null; // RFC 6544 §4.5
    tcpType = c.tcpType;
  }
  return {
    foundation: c.foundation,
    component,
    priority: c.priority,
    address: c.address,
    protocol,
    port: c.port,
    type,
    tcpType,
    relatedAddress: c.relatedAddress ?? null,
    relatedPort: c.relatedPort ?? null,
    ufrag: c.ufrag ?? null,
  };
}

/**
 * An ICE candidate (webrtc-pc §4.8.1.2). The candidate text is not
 * validated: when it does not parse, `candidate` keeps the raw text and the
 * derived attributes (foundation, priority, ...) are null.
 */
export class RTCIceCandidate {
  readonly #candidate: string;
  readonly #sdpMid: string | null;
  readonly #sdpMLineIndex: number | null;
  readonly #usernameFragment: string | null;
  readonly #relayProtocol: RTCIceServerTransportProtocol | null;
  readonly #url: string | null;
  readonly #parsed: ParsedIceCandidate | null;

  constructor(candidateInitDict: RTCLocalIceCandidateInit = {}) {
    const init = localIceCandidateInit(candidateInitDict, 'RTCLocalIceCandidateInit');
    // "If both the sdpMid and sdpMLineIndex members of candidateInitDict are null, throw a TypeError."
    if (init.sdpMid === null && init.sdpMLineIndex === null) {
      throw new TypeError("Failed to construct 'RTCIceCandidate': sdpMid and sdpMLineIndex are both null.");
    }
    this.#candidate = init.candidate;
    this.#sdpMid = init.sdpMid;
    this.#sdpMLineIndex = init.sdpMLineIndex;
    this.#relayProtocol = init.relayProtocol;
    this.#url = init.url;
    this.#parsed = init.candidate === '' ? null : parseIceCandidateFields(init.candidate);
    // webrtc-pc §4.8.1.2 "create an RTCIceCandidate": usernameFragment is
    // "initialized to its namesake in candidateInitDict"; only foundation ..
    // relatedPort come from the parsed candidate-attribute, never the `ufrag`
    // extension (WPT RTCIceCandidate-constructor.html checks null here).
    this.#usernameFragment = init.usernameFragment;
  }

  /** The candidate-attribute text ('' for an end-of-candidates indication). */
  get candidate(): string {
    return this.#candidate;
  }
  /** The media stream identification tag (a=mid) of the m-section, or null. */
  get sdpMid(): string | null {
    return this.#sdpMid;
  }
  /** The 0-based index of the m-section, or null. */
  get sdpMLineIndex(): number | null {
    return this.#sdpMLineIndex;
  }
  /** The candidate's foundation, or null when the text did not parse. */
  get foundation(): string | null {
    return this.#parsed?.foundation ?? null;
  }
  /** 'rtp' (component 1) or 'rtcp' (component 2), or null. */
  get component(): RTCIceComponent | null {
    return this.#parsed?.component ?? null;
  }
  /** The candidate's priority, or null. */
  get priority(): number | null {
    return this.#parsed?.priority ?? null;
  }
  /** The candidate's address (IP or mDNS name), or null. */
  get address(): string | null {
    return this.#parsed?.address ?? null;
  }
  /** 'udp' or 'tcp', or null. */
  get protocol(): RTCIceProtocol | null {
    return this.#parsed?.protocol ?? null;
  }
  /** The candidate's port, or null. */
  get port(): number | null {
    return this.#parsed?.port ?? null;
  }
  /** 'host', 'srflx', 'prflx' or 'relay', or null. */
  get type(): RTCIceCandidateType | null {
    return this.#parsed?.type ?? null;
  }
  /** For TCP candidates: 'active', 'passive' or 'so'; otherwise null. */
  get tcpType(): RTCIceTcpCandidateType | null {
    return this.#parsed?.tcpType ?? null;
  }
  /** The related address (raddr) of a reflexive or relay candidate, or null. */
  get relatedAddress(): string | null {
    return this.#parsed?.relatedAddress ?? null;
  }
  /** The related port (rport), or null. */
  get relatedPort(): number | null {
    return this.#parsed?.relatedPort ?? null;
  }
  /** The ICE username fragment the candidate belongs to, or null. */
  get usernameFragment(): string | null {
    return this.#usernameFragment;
  }
  /** For local relay candidates: how the TURN server is reached; else null. */
  get relayProtocol(): RTCIceServerTransportProtocol | null {
    return this.#relayProtocol;
  }
  /** For local server-reflexive and relay candidates: the STUN/TURN URL; else null. */
  get url(): string | null {
    return this.#url;
  }

  /** `{ candidate, sdpMid, sdpMLineIndex, usernameFragment }` (webrtc-pc: RTCIceCandidateInit toJSON()). */
  toJSON(): RTCIceCandidateInit {
    return {
      candidate: this.#candidate,
      sdpMid: this.#sdpMid,
      sdpMLineIndex: this.#sdpMLineIndex,
      usernameFragment: this.#usernameFragment,
    };
  }
}
exposeInterface(RTCIceCandidate, [
  'candidate',
  'sdpMid',
  'sdpMLineIndex',
  'foundation',
  'component',
  'priority',
  'address',
  'protocol',
  'port',
  'type',
  'tcpType',
  'relatedAddress',
  'relatedPort',
  'usernameFragment',
  'relayProtocol',
  'url',
  'toJSON',
]);
registerInterface('RTCIceCandidate', (v) => v instanceof RTCIceCandidate);
