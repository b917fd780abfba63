/** Polls until `probe` gives a value (or true), failing after `withinMs`; returns the value and how long it took. */
export async function eventually<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  withinMs = 10_000,
): Promise<{ value: T; afterMs: number }> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return { value, afterMs: Date.now() - started };
    if (Date.now() - started > withinMs) throw new Error(`condition not met within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
