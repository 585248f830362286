/**
 * RTCConfiguration (webrtc-pc §4.2.1): WebIDL conversion, the constructor's
 * certificate checks (§4.4.1.1), "set a configuration" (§4.4.1.6) with
 * "validate an ICE server URL" (RFC 7064 §3.1 / RFC 7065 §3.1 through the
 * WHATWG URL parser), and the copy getConfiguration returns.
 */
import {
  dictionary,
  domException,
  enumeration,
  interfaceType,
  isIterableObject,
  sequence,
  toDOMString,
  toOctet,
  toSequence,
  toUSVString,
} from './webidl.js';
import type { RTCCertificate } from './RTCCertificate.js';

/** RTCIceTransportPolicy. */
export type RTCIceTransportPolicy = 'relay' | 'all';
/** RTCBundlePolicy. */
export type RTCBundlePolicy = 'balanced' | 'max-compat' | 'max-bundle';
/**
 * RTCRtcpMuxPolicy. The spec now has only 'require'; 'negotiate' is still
 * accepted by the conversion (as browsers do) and rejected with
 * NotSupportedError by the constructor, since we never demultiplex RTCP apart.
 */
export type RTCRtcpMuxPolicy = 'require' | 'negotiate';

/**
 * What RTCConfiguration.certificates is declared to hold. At run time only
 * RTCCertificates from generateCertificate pass the conversion; the declared
 * type stays structural so a configuration typed with lib.dom's
 * `RTCConfiguration` (whose certificates are lib.dom's RTCCertificate) is
 * accepted too. getConfiguration() returns our RTCCertificate objects.
 */
export interface ConfigurationCertificate {
  readonly expires: number;
}

/** RTCIceServer as the caller writes it. */
export interface RTCIceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** RTCConfiguration as the caller writes it. */
export interface RTCConfiguration {
  iceServers?: RTCIceServer[];
  iceTransportPolicy?: RTCIceTransportPolicy;
  bundlePolicy?: RTCBundlePolicy;
  rtcpMuxPolicy?: RTCRtcpMuxPolicy;
  certificates?: ConfigurationCertificate[];
  iceCandidatePoolSize?: number;
}

/** A validated ICE server URL, split for the ICE agent. */
export interface IceServerUrl {
  /** The URL as given. */
  url: string;
  scheme: 'stun' | 'stuns' | 'turn' | 'turns';
  /** Host name or IP address (IPv6 without brackets). */
  host: string;
  /** Explicit port, or the scheme's default (3478; 5349 for stuns/turns, RFC 7064/7065 §3.2). */
  port: number;
  /** Transport to reach the server: `?transport=` for turn(s); else udp for stun/turn, tcp for stuns/turns. */
  transport: 'udp' | 'tcp';
}

/** A validated RTCIceServer: urls always a list, plus each URL parsed. */
export interface NormalizedIceServer {
  urls: string[];
  username?: string;
  credential?: string;
  /** The parsed form of each entry of `urls`. */
  parsedUrls: IceServerUrl[];
}

/** The configuration an RTCPeerConnection stores in its [[Configuration]] slot. */
export interface NormalizedConfiguration {
  iceServers: NormalizedIceServer[];
  iceTransportPolicy: RTCIceTransportPolicy;
  bundlePolicy: RTCBundlePolicy;
  rtcpMuxPolicy: RTCRtcpMuxPolicy;
  certificates: ConfigurationCertificate[];
  iceCandidatePoolSize: number;
}

// (USVString or sequence<USVString>): an object with @@iterator takes the sequence branch.
function toUrls(value: unknown, context: string): string | string[] {
  return isIterableObject(value) ? toSequence(value, toUSVString, context) : toUSVString(value, context);
}

const toIceServer = dictionary<RTCIceServer>('RTCIceServer', {
  credential: { convert: toDOMString },
  urls: { convert: toUrls, required: true },
  username: { convert: toDOMString },
});

const toRTCConfiguration = dictionary<Required<RTCConfiguration>>('RTCConfiguration', {
  bundlePolicy: {
    convert: enumeration<RTCBundlePolicy>('RTCBundlePolicy', ['balanced', 'max-compat', 'max-bundle']),
    default: 'balanced',
  },
  certificates: { convert: sequence(interfaceType<ConfigurationCertificate>('RTCCertificate')), default: () => [] },
  iceCandidatePoolSize: { convert: (v, c) => toOctet(v, c, 'enforceRange'), default: 0 },
  iceServers: { convert: sequence(toIceServer), default: () => [] },
  iceTransportPolicy: {
    convert: enumeration<RTCIceTransportPolicy>('RTCIceTransportPolicy', ['relay', 'all']),
    default: 'all',
  },
  rtcpMuxPolicy: {
    convert: enumeration<RTCRtcpMuxPolicy>('RTCRtcpMuxPolicy', ['require', 'negotiate']),
    default: 'require',
  },
});

/** Converts a value to RTCConfiguration (WebIDL only: TypeErrors, defaults filled). */
export function toConfigurationDictionary(value: unknown): Required<RTCConfiguration> {
  return toRTCConfiguration(value, 'RTCConfiguration');
}

const HOST_PORT = /^(\[[^\]]*\]|[^:]*)(?::([0-9]*))?$/;

/**
 * "Validate an ICE server URL" (webrtc-pc §4.4.1.6) for one URL: SyntaxError
 * when the WHATWG URL parser fails, the scheme is not stun/stuns/turn/turns,
 * the URL has no opaque path (`stun://host`), the path holds '/' or '@', there
 * is a fragment, stun(s) has a query, the host:port part does not parse as an
 * https authority, or a query other than `transport=udp|tcp`.
 * Returns the URL split for the ICE agent.
 */
export function parseIceServerUrl(url: string): IceServerUrl {
  const syntax = (why: string) => domException('SyntaxError', `Invalid ICE server URL '${url}': ${why}`);
  let parsed: URL;
  try {
    parsed = new globalThis.URL(url);
  } catch {
    throw syntax('not a URL');
  }
  const scheme = parsed.protocol.slice(0, -1);
  if (scheme !== 'stun' && scheme !== 'stuns' && scheme !== 'turn' && scheme !== 'turns') {
    throw syntax(`unsupported scheme '${scheme}'`);
  }
  // An opaque path: nothing after "scheme:" starting with '/' (no authority, no path segments).
  if (parsed.host !== '' || parsed.pathname.startsWith('/')) throw syntax('expected scheme:host[:port]');
  const href = parsed.href;
  const hashAt = href.indexOf('#');
  if (hashAt >= 0) throw syntax('fragments are not allowed');
  const queryAt = href.indexOf('?');
  const query = queryAt >= 0 ? href.slice(queryAt + 1) : null;
  const path = queryAt >= 0 ? href.slice(scheme.length + 1, queryAt) : href.slice(scheme.length + 1);
  if (path.includes('/') || path.includes('@')) throw syntax("'/' and '@' are not allowed");
  // RFC 7064/7065 §3.1: host is an IP-literal, IPv4address or reg-name, none of
  // which admits '\'. The https re-parse below would read it as '/', so reject it here.
  if (path.includes('\\')) throw syntax("'\\' is not allowed");
  if ((scheme === 'stun' || scheme === 'stuns') && query !== null) throw syntax('stun URLs take no query');
  // RFC 7064/7065 §3.1 host [":" port], checked as the authority of an https URL.
  let hostAndPort: URL;
  try {
    hostAndPort = new globalThis.URL(`https://${path}`);
  } catch {
    throw syntax('invalid host or port');
  }
  if (hostAndPort.pathname !== '/' || hostAndPort.username !== '' || hostAndPort.password !== '' || hostAndPort.search !== '') {
    throw syntax('invalid host or port');
  }
  let transport: 'udp' | 'tcp' = scheme === 'stuns' || scheme === 'turns' ? 'tcp' : 'udp';
  if (query !== null) {
    if (query === 'transport=udp') transport = 'udp';
    else if (query === 'transport=tcp') transport = 'tcp';
    else throw syntax("the only query allowed is 'transport=udp' or 'transport=tcp'");
  }
  // The https parser drops port 443 as a default; read the port from the text.
  const m = HOST_PORT.exec(path);
  const portText = m?.[2] ?? '';
  const defaultPort = scheme === 'stuns' || scheme === 'turns' ? 5349 : 3478;
  const port = portText === '' ? defaultPort : Number(portText);
  let host = hostAndPort.hostname;
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return { url, scheme, host, port, transport };
}

const textEncoder = new TextEncoder();
/** Longest TURN username, in UTF-8 bytes (RFC 8489 §14.3). */
const MAX_TURN_USERNAME_BYTES = 509;

/**
 * Validates one RTCIceServer (webrtc-pc §4.4.1.6 steps for each server):
 * SyntaxError for an empty url list or an invalid URL, InvalidAccessError for
 * a turn(s) URL without username or credential, a username longer than
 * 509 bytes in UTF-8 (RFC 8489 §14.3) or an empty credential (RFC 8265 §4.1).
 */
export function validateIceServer(server: RTCIceServer): NormalizedIceServer {
  const urls = typeof server.urls === 'string' ? [server.urls] : [...server.urls];
  if (urls.length === 0) throw domException('SyntaxError', 'RTCIceServer.urls is empty');
  const parsedUrls: IceServerUrl[] = [];
  for (const url of urls) {
    const p = parseIceServerUrl(url);
    if (p.scheme === 'turn' || p.scheme === 'turns') {
      if (server.username === undefined || server.credential === undefined) {
        throw domException('InvalidAccessError', `TURN server '${url}' needs a username and a credential`);
      }
      // RFC 8489 §14.3: USERNAME is at most 509 bytes of UTF-8 (WPT
      // RTCConfiguration-iceServers: 509 succeeds, 510 throws).
      if (textEncoder.encode(server.username).length > MAX_TURN_USERNAME_BYTES) {
        throw domException('InvalidAccessError', `TURN username for '${url}' is longer than ${MAX_TURN_USERNAME_BYTES} bytes`);
      }
      // RFC 8265 §4.1 (OpaqueString profile, which the credential must conform
      // to): a zero-length string is not allowed.
      if (server.credential === '') {
        throw domException('InvalidAccessError', `TURN credential for '${url}' is empty`);
      }
    }
    parsedUrls.push(p);
  }
  const out: NormalizedIceServer = { urls, parsedUrls };
  if (server.username !== undefined) out.username = server.username;
  if (server.credential !== undefined) out.credential = server.credential;
  return out;
}

/** Options of {@link normalizeConfiguration}: the connection state the rules depend on. */
export interface NormalizeConfigurationOptions {
  /** The stored configuration, for setConfiguration; absent or null for the constructor. */
  current?: NormalizedConfiguration | null;
  /** True once setLocalDescription has been called (iceCandidatePoolSize is then frozen). */
  hasLocalDescription?: boolean;
  /** The connection's [[IsClosed]]: setConfiguration then throws InvalidStateError. */
  closed?: boolean;
  /** Wall-clock time, ms since the epoch, for the certificate expiry check. */
  now: number;
}

/**
 * Converts and validates an RTCConfiguration for the RTCPeerConnection
 * constructor (`current` absent) or setConfiguration (`current` set), throwing
 * what the spec names, in its order:
 * 1. TypeError from the WebIDL conversion (unknown enum values, iceCandidatePoolSize
 *    outside [0, 255], iceServers not a sequence, an RTCIceServer without urls...);
 * 2. setConfiguration: InvalidStateError when closed;
 * 3. constructor: InvalidAccessError for an expired certificate; NotSupportedError
 *    for rtcpMuxPolicy 'negotiate';
 * 4. setConfiguration: InvalidModificationError when certificates (by identity),
 *    bundlePolicy or rtcpMuxPolicy differ, or iceCandidatePoolSize changes after
 *    setLocalDescription;
 * 5. SyntaxError / InvalidAccessError from validating each ICE server.
 * Nothing is stored on failure: the caller stores the result only when this returns.
 */
export function normalizeConfiguration(input: unknown, options: NormalizeConfigurationOptions): NormalizedConfiguration {
  const config = toConfigurationDictionary(input);
  const old = options.current ?? null;
  if (old !== null && options.closed) {
    throw domException('InvalidStateError', 'The RTCPeerConnection is closed');
  }
  if (old === null) {
    // §4.4.1.1 constructor step: "If the value of certificate.expires is less than the current time, throw an InvalidAccessError."
    for (const cert of config.certificates) {
      if (cert.expires < options.now) throw domException('InvalidAccessError', 'A certificate in the configuration has expired');
    }
    if (config.rtcpMuxPolicy === 'negotiate') {
      throw domException('NotSupportedError', "rtcpMuxPolicy 'negotiate' is not supported");
    }
  } else {
    // §4.4.1.6 "set a configuration", step 3.
    const modification = (why: string) => domException('InvalidModificationError', why);
    if (config.certificates.length !== old.certificates.length) throw modification('certificates cannot be changed');
    for (let i = 0; i < config.certificates.length; i++) {
      if (config.certificates[i] !== old.certificates[i]) throw modification('certificates cannot be changed');
    }
    if (config.bundlePolicy !== old.bundlePolicy) throw modification('bundlePolicy cannot be changed');
    if (config.rtcpMuxPolicy !== old.rtcpMuxPolicy) throw modification('rtcpMuxPolicy cannot be changed');
    if (config.iceCandidatePoolSize !== old.iceCandidatePoolSize && options.hasLocalDescription) {
      throw modification('iceCandidatePoolSize cannot be changed after setLocalDescription');
    }
  }
  const iceServers = config.iceServers.map(validateIceServer);
  return {
    iceServers,
    iceTransportPolicy: config.iceTransportPolicy,
    bundlePolicy: config.bundlePolicy,
    rtcpMuxPolicy: config.rtcpMuxPolicy,
    certificates: config.certificates.slice(),
    iceCandidatePoolSize: config.iceCandidatePoolSize,
  };
}

/** The default configuration (what `new RTCPeerConnection()` stores). */
export function defaultConfiguration(): NormalizedConfiguration {
  return {
    iceServers: [],
    iceTransportPolicy: 'all',
    bundlePolicy: 'balanced',
    rtcpMuxPolicy: 'require',
    certificates: [],
    iceCandidatePoolSize: 0,
  };
}

/**
 * What getConfiguration returns: a fresh RTCConfiguration every call (callers
 * may mutate it), with every member present, `urls` always a list, username and
 * credential only where they were given, and the certificate objects themselves.
 */
export function configurationToDictionary(config: NormalizedConfiguration): Required<Omit<RTCConfiguration, 'certificates'>> & {
  iceServers: { urls: string[]; username?: string; credential?: string }[];
  certificates: RTCCertificate[];
} {
  return {
    iceServers: config.iceServers.map((s) => {
      const out: { urls: string[]; username?: string; credential?: string } = { urls: s.urls.slice() };
      if (s.username !== undefined) out.username = s.username;
      if (s.credential !== undefined) out.credential = s.credential;
      return out;
    }),
    iceTransportPolicy: config.iceTransportPolicy,
    bundlePolicy: config.bundlePolicy,
    rtcpMuxPolicy: config.rtcpMuxPolicy,
    certificates: config.certificates.slice() as RTCCertificate[],
    iceCandidatePoolSize: config.iceCandidatePoolSize,
  };
}
