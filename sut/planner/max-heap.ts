/**
 * A binary max-heap of candidate indices ordered by (primary desc, secondary desc, index asc).
 * Heapify is O(n) and each pop O(log n), so taking the top k of n costs O(n + k log n) instead of
 * sorting all n: the 10,000-candidate case pops a few dozen.
 */
export class IndexMaxHeap {
  readonly #heap: Int32Array;
  #size: number;
  readonly #primary: Float64Array;
  readonly #secondary: Float64Array;

  constructor(primary: Float64Array, secondary: Float64Array) {
    const n = primary.length;
    this.#primary = primary;
    this.#secondary = secondary;
    this.#heap = new Int32Array(n);
    for (let i = 0; i < n; i++) this.#heap[i] = i;
    this.#size = n;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.#down(i);
  }

  get size(): number {
    return this.#size;
  }

  /** The index with the largest key; -1 when empty. */
  pop(): number {
    if (this.#size === 0) return -1;
    const top = this.#heap[0]!;
    this.#size--;
    if (this.#size > 0) {
      this.#heap[0] = this.#heap[this.#size]!;
      this.#down(0);
    }
    return top;
  }

  #above(a: number, b: number): boolean {
    const pa = this.#primary[a]!;
    const pb = this.#primary[b]!;
    if (pa !== pb) return pa > pb;
    const sa = this.#secondary[a]!;
    const sb = this.#secondary[b]!;
    if (sa !== sb) return sa > sb;
    return a < b;
  }

  #down(i: number): void {
    const h = this.#heap;
    const n = this.#size;
    const item = h[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.#above(h[r]!, h[l]!) ? r : l;
      if (!this.#above(h[c]!, item)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = item;
  }
}
