/** DTLS errors, with a stable `name` and the alert involved, if any. */
import { ProtocolError } from '@purertc/common';
import { ALERT_NAMES } from './constants.js';

/** Why a DTLS association failed: a fatal alert we sent or received, a timeout, or a failed check. */
export class DtlsError extends ProtocolError {
  override name = 'DtlsError';
  /** The alert description (RFC 5246 §7.2) sent or received, if any. */
  readonly alert: number | undefined;
  /** Whether the alert came from the peer. */
  readonly alertFromPeer: boolean;

  constructor(code: string, message: string, alert?: number, alertFromPeer = false) {
    super(code, alert === undefined ? message : `${message} (alert ${alert} ${ALERT_NAMES[alert] ?? 'unknown'}${alertFromPeer ? ' from peer' : ''})`);
    this.alert = alert;
    this.alertFromPeer = alertFromPeer;
  }

  /** The alert's RFC name ('bad_certificate'), if any. */
  get alertName(): string | undefined {
    return this.alert === undefined ? undefined : (ALERT_NAMES[this.alert] ?? `alert_${this.alert}`);
  }
}
