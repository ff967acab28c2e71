/**
 * The value at `path` inside parsed JSON (`jsonAt(body, 'doc', 'id')`), undefined where a step is
 * missing or not an object: how the scripts read the API's answers without trusting their shape.
 */
export function jsonAt(value: unknown, ...path: string[]): unknown {
  let current = value
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}
