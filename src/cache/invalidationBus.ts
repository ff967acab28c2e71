type Listener = (tags: string[]) => void

const listeners = new Set<Listener>()

/** Called with the tags of every write to the database this process makes. */
export function onInvalidation(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function publishInvalidation(tags: string[]): void {
  if (tags.length === 0) return
  for (const listener of listeners) listener(tags)
}
