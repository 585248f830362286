/**
 * RTCStatsReport (webrtc-pc §8.3): a read-only maplike<DOMString, object>
 * from stats object ids to the stats dictionaries of webrtc-stats. Like the
 * browsers' report it is not a Map subclass; it has the maplike members
 * (size, entries, keys, values, forEach, get, has, @@iterator).
 *
 * Its values are typed {@link RTCStatsAny} (stats-types.ts): every value is an
 * {@link RTCStats}, and comparing `type` narrows it to its dictionary.
 */
import { checkInternal } from './internal.js';
import type { RTCStats, RTCStatsAny } from './stats-types.js';
import { exposeInterface, registerInterface } from './webidl.js';

export type { RTCStats } from './stats-types.js';

const maps = new WeakMap<object, Map<string, RTCStatsAny>>();

/** A report of statistics objects keyed by id (webrtc-pc §8.3). */
export class RTCStatsReport {
  /**
   * @internal Built by getStats(). The stats objects are the report's own.
   * stats.ts builds them typed against the dictionaries of stats-types.ts;
   * the parameter takes the base type so that tests can build small reports.
   */
  constructor(token: unknown, stats?: Iterable<RTCStats>) {
    checkInternal(token, 'RTCStatsReport');
    const m = new Map<string, RTCStatsAny>();
    for (const s of stats ?? []) m.set(s.id, s as RTCStatsAny);
    maps.set(this, m);
  }

  /** Number of stats objects. */
  get size(): number {
    return maps.get(this)!.size;
  }
  /** The stats object with this id, or undefined. */
  get(id: string): RTCStatsAny | undefined {
    return maps.get(this)!.get(String(id));
  }
  /** Whether a stats object with this id exists. */
  has(id: string): boolean {
    return maps.get(this)!.has(String(id));
  }
  /** [id, stats] pairs in insertion order. */
  entries(): IterableIterator<[string, RTCStatsAny]> {
    return maps.get(this)!.entries();
  }
  /** The ids. */
  keys(): IterableIterator<string> {
    return maps.get(this)!.keys();
  }
  /** The stats objects. */
  values(): IterableIterator<RTCStatsAny> {
    return maps.get(this)!.values();
  }
  /** Calls `callback(value, key, report)` for each entry. */
  forEach(callback: (value: RTCStatsAny, key: string, report: RTCStatsReport) => void, thisArg?: unknown): void {
    if (typeof callback !== 'function') throw new TypeError("Failed to execute 'forEach' on 'RTCStatsReport': The callback provided as parameter 1 is not a function.");
    for (const [k, v] of maps.get(this)!) callback.call(thisArg, v, k, this);
  }
  /** Same as entries(). */
  [Symbol.iterator](): IterableIterator<[string, RTCStatsAny]> {
    return this.entries();
  }
}
exposeInterface(RTCStatsReport, ['size', 'get', 'has', 'entries', 'keys', 'values', 'forEach']);
registerInterface('RTCStatsReport', (v) => maps.has(v));
