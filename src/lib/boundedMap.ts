/**
 * A map that forgets its oldest entry once it holds more than `max`: for what a process saw
 * lately and is likely to be asked for soon, at a memory cost that cannot grow.
 */
export function boundedMap<Key, Value>(max: number) {
  const entries = new Map<Key, Value>()
  return {
    set(key: Key, value: Value): void {
      entries.delete(key)
      entries.set(key, value)
      if (entries.size > max) entries.delete(entries.keys().next().value as Key)
    },
    get: (key: Key): Value | undefined => entries.get(key),
    /** The entry, removed. */
    take(key: Key): Value | undefined {
      const value = entries.get(key)
      entries.delete(key)
      return value
    },
  }
}
