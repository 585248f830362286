/**
 * The W3C aggregate states, computed from the states of the transports as
 * webrtc-pc §4.4.3 (RTCIceGatheringState, RTCPeerConnectionState,
 * RTCIceConnectionState) defines them. Pure functions over lists of
 * transport states, so a connection with one bundled transport or several
 * (`balanced`) computes them the same way.
 */
import type { IceGathererState, IceTransportState } from '@purertc/ice';

/** RTCIceGatheringState (webrtc-pc §4.4.3). */
export type RTCIceGatheringState = 'new' | 'gathering' | 'complete';
/** RTCIceConnectionState (webrtc-pc §4.4.3). */
export type RTCIceConnectionState = 'closed' | 'failed' | 'disconnected' | 'new' | 'checking' | 'completed' | 'connected';
/** RTCPeerConnectionState (webrtc-pc §4.4.3). */
export type RTCPeerConnectionState = 'closed' | 'failed' | 'disconnected' | 'new' | 'connecting' | 'connected';
/** RTCDtlsTransportState (webrtc-pc §5.5.1). */
export type RTCDtlsTransportState = 'new' | 'connecting' | 'connected' | 'closed' | 'failed';
/** RTCSctpTransportState (webrtc-pc §6.1.4). */
export type RTCSctpTransportState = 'connecting' | 'connected' | 'closed';
/** RTCIceTransportState (webrtc-pc §5.6.4); the agent reports exactly these. */
export type RTCIceTransportState = IceTransportState;

/**
 * RTCIceGatheringState: `gathering` if any transport gathers; `complete` if
 * at least one exists and all are complete; otherwise `new` (including no
 * transports).
 */
export function aggregateGatheringState(states: readonly IceGathererState[]): RTCIceGatheringState {
  if (states.some((s) => s === 'gathering')) return 'gathering';
  if (states.length > 0 && states.every((s) => s === 'complete')) return 'complete';
  return 'new';
}

/**
 * RTCIceConnectionState, in the spec's order of precedence: closed (the
 * connection's [[IsClosed]]), failed, disconnected, new (all new or closed,
 * or none), checking (any new or checking), completed (all completed or
 * closed), connected (all connected, completed or closed).
 */
export function aggregateIceConnectionState(isClosed: boolean, ice: readonly RTCIceTransportState[]): RTCIceConnectionState {
  if (isClosed) return 'closed';
  if (ice.some((s) => s === 'failed')) return 'failed';
  if (ice.some((s) => s === 'disconnected')) return 'disconnected';
  if (ice.every((s) => s === 'new' || s === 'closed')) return 'new';
  if (ice.some((s) => s === 'new' || s === 'checking')) return 'checking';
  if (ice.every((s) => s === 'completed' || s === 'closed')) return 'completed';
  // What remains: every transport is connected, completed or closed, at least one connected.
  return 'connected';
}

/**
 * RTCPeerConnectionState, in the spec's order of precedence: closed
 * ([[IceConnectionState]] closed), failed (ICE failed or any DTLS failed),
 * disconnected (ICE disconnected), new (ICE new and every DTLS new or closed,
 * or no transports), connected (ICE connected — `completed` counts, as every
 * browser does, since the spec's table only names "connected" for the
 * aggregate ICE state — and every DTLS connected or closed), otherwise
 * connecting.
 */
export function aggregateConnectionState(
  iceConnectionState: RTCIceConnectionState,
  dtls: readonly RTCDtlsTransportState[],
): RTCPeerConnectionState {
  if (iceConnectionState === 'closed') return 'closed';
  if (iceConnectionState === 'failed' || dtls.some((s) => s === 'failed')) return 'failed';
  if (iceConnectionState === 'disconnected') return 'disconnected';
  if (dtls.length === 0 || (iceConnectionState === 'new' && dtls.every((s) => s === 'new' || s === 'closed'))) return 'new';
  if ((iceConnectionState === 'connected' || iceConnectionState === 'completed') && dtls.every((s) => s === 'connected' || s === 'closed')) {
    return 'connected';
  }
  return 'connecting';
}
