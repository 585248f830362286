/**
 * A growable ring buffer: O(1) push, shift and indexed access. Used for the
 * send queues, the retransmission queue and the event queue, so no path ever
 * pays `Array.prototype.shift` on a deep queue.
 */
export class Deque<T> {
  private buf: (T | undefined)[];
  private head = 0;
  private len = 0;
  private mask: number;

  constructor(capacity = 16) {
    let cap = 16;
    while (cap < capacity) cap <<= 1;
    this.buf = new Array<T | undefined>(cap);
    this.mask = cap - 1;
  }

  /** Number of items. */
  get length(): number {
    return this.len;
  }

  /** Appends at the tail. */
  push(v: T): void {
    if (this.len === this.buf.length) this.grow();
    this.buf[(this.head + this.len) & this.mask] = v;
    this.len++;
  }

  /** Removes and returns the head. */
  shift(): T | undefined {
    if (this.len === 0) return undefined;
    const v = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.len--;
    return v;
  }

  /** The head without removing it. */
  peek(): T | undefined {
    return this.len === 0 ? undefined : this.buf[this.head];
  }

  /** The item at index `i` from the head (undefined when out of range). */
  at(i: number): T | undefined {
    return i >= 0 && i < this.len ? this.buf[(this.head + i) & this.mask] : undefined;
  }

  /** The tail without removing it. */
  peekLast(): T | undefined {
    return this.len === 0 ? undefined : this.buf[(this.head + this.len - 1) & this.mask];
  }

  /** Removes everything. */
  clear(): void {
    this.buf.fill(undefined);
    this.head = 0;
    this.len = 0;
  }

  private grow(): void {
    const n = this.buf.length * 2;
    const next = new Array<T | undefined>(n);
    for (let i = 0; i < this.len; i++) next[i] = this.buf[(this.head + i) & this.mask];
    this.buf = next;
    this.head = 0;
    this.mask = n - 1;
  }
}
