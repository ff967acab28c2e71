/**
 * `compute` remembered for the last `max` distinct arguments (the oldest computed is forgotten
 * first): for pure functions of request strings a client may vary at will (a URL, an Origin, an
 * Accept-Encoding), so that repeated requests skip the work and invented ones cost no memory.
 */
export function boundedMemo<Key, Value>(compute: (key: Key) => Value, max: number): (key: Key) => Value {
  const known = new Map<Key, Value>()
  return (key) => {
    if (known.has(key)) return known.get(key) as Value
    const value = compute(key)
    if (known.size >= max) known.delete(known.keys().next().value as Key)
    known.set(key, value)
    return value
  }
}
