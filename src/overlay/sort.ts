/**
 * Sorts idx[lo..hi) by key[idx[i]] ascending, in place: insertion sort for short runs, median-of-three
 * quicksort otherwise. Written out because Array.prototype.sort with a comparator allocates and calls back per
 * comparison, which dominates for the many short lists the kernel sorts.
 *
 * @example
 * const idx = Int32Array.of(0, 1, 2);
 * sortByKey(idx, Float64Array.of(3, 1, 2), 0, 3); // idx = [1, 2, 0]
 */
export function sortByKey(idx: Int32Array, key: Float64Array, lo: number, hi: number): void {
  while (hi - lo > 16) {
    const mid = (lo + hi) >>> 1;
    // median of three into idx[lo]
    let a = idx[lo];
    let b = idx[mid];
    let c = idx[hi - 1];
    if (key[a] > key[b]) {
      const t = a;
      a = b;
      b = t;
    }
    if (key[b] > key[c]) {
      const t = b;
      b = c;
      c = t;
      if (key[a] > key[b]) {
        const u = a;
        a = b;
        b = u;
      }
    }
    idx[lo] = a;
    idx[mid] = b;
    idx[hi - 1] = c;
    const pivot = key[b];
    let i = lo;
    let j = hi - 1;
    for (;;) {
      do i++;
      while (key[idx[i]] < pivot);
      do j--;
      while (key[idx[j]] > pivot);
      if (i >= j) break;
      const t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    // recurse into the smaller part, loop on the larger
    if (j + 1 - lo < hi - j - 1) {
      sortByKey(idx, key, lo, j + 1);
      lo = j + 1;
    } else {
      sortByKey(idx, key, j + 1, hi);
      hi = j + 1;
    }
  }
  for (let i = lo + 1; i < hi; i++) {
    const v = idx[i];
    const kv = key[v];
    let j = i - 1;
    while (j >= lo && key[idx[j]] > kv) {
      idx[j + 1] = idx[j];
      j--;
    }
    idx[j + 1] = v;
  }
}
