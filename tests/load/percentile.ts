/** The value at fraction `p` of an ascending list (p50 = 0.5, p99 = 0.99). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}
