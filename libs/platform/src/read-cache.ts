/**
 * A short-lived read-through cache for values read on every event (tenants, connections): one
 * lookup per key per `ttlMs`, shared by concurrent callers; a failed lookup is not remembered.
 * Changes made elsewhere take effect within `ttlMs`.
 */
export function createReadCache<V>(load: (key: string) => Promise<V>, ttlMs = 5_000, now = () => Date.now()) {
  const entries = new Map<string, { at: number; value: Promise<V> }>();
  return {
    get(key: string): Promise<V> {
      const hit = entries.get(key);
      if (hit && now() - hit.at < ttlMs) return hit.value;
      const value = load(key);
      entries.set(key, { at: now(), value });
      value.catch(() => entries.delete(key));
      return value;
    },
    invalidate(key: string) {
      entries.delete(key);
    },
  };
}
export type ReadCache<V> = ReturnType<typeof createReadCache<V>>;
