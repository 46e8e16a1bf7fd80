// The arithmetic of a windowed list with items of different heights:
// measured heights where known, an estimate elsewhere.

/** offsets[i] is the top of item i; offsets[n] the total height. */
export function offsetsOf(keys: readonly string[], heights: ReadonlyMap<string, number>, estimate: number): Float64Array {
  const out = new Float64Array(keys.length + 1)
  for (let i = 0; i < keys.length; i++) out[i + 1] = out[i] + (heights.get(keys[i]) ?? estimate)
  return out
}

/** The index of the item covering position y (binary search over offsets). */
export function indexAt(offsets: Float64Array, y: number): number {
  const n = offsets.length - 1
  if (n <= 0) return 0
  let lo = 0
  let hi = n - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (offsets[mid] <= y) lo = mid
    else hi = mid - 1
  }
  return lo
}

/** The items to render for a viewport, with overscan on both sides: [start, end). */
export function windowOf(offsets: Float64Array, scrollTop: number, viewport: number, overscan: number): [number, number] {
  const n = offsets.length - 1
  if (n <= 0) return [0, 0]
  const first = indexAt(offsets, Math.max(0, scrollTop))
  const last = indexAt(offsets, scrollTop + viewport)
  return [Math.max(0, first - overscan), Math.min(n, last + 1 + overscan)]
}
