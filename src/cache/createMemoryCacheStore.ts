import { REMEMBER_INVALIDATIONS_MS, type CacheMark, type CacheStore, type CachedResponse } from './types'

type Options = { maxBytes: number; ttlMs: number; now?: () => number }

const ENTRY_OVERHEAD_BYTES = 256

const sizeOf = (key: string, entry: CachedResponse) =>
  entry.body.byteLength + (entry.encoded?.br?.byteLength ?? 0) + (entry.encoded?.gzip?.byteLength ?? 0) + key.length * 2 + entry.tags.reduce((sum, tag) => sum + tag.length * 2, 0) + ENTRY_OVERHEAD_BYTES

/**
 * Responses in this process's memory, least recently used first out when over the byte budget.
 * Each tag knows its entries, so invalidating a tag costs the entries it drops.
 */
export function createMemoryCacheStore({ maxBytes, ttlMs, now = Date.now }: Options): CacheStore {
  const entries = new Map<string, { entry: CachedResponse; size: number }>()
  const keysByTag = new Map<string, Set<string>>()
  /** The sequence number of each tag's latest invalidation, and when it happened. */
  const invalidatedAt = new Map<string, { seq: number; at: number }>()
  let sequence = 0
  let bytes = 0

  const remove = (key: string) => {
    const held = entries.get(key)
    if (!held) return
    entries.delete(key)
    bytes -= held.size
    for (const tag of held.entry.tags) {
      const keys = keysByTag.get(tag)
      keys?.delete(key)
      if (keys?.size === 0) keysByTag.delete(tag)
    }
  }

  const forgetOldInvalidations = () => {
    const horizon = now() - REMEMBER_INVALIDATIONS_MS
    for (const [tag, { at }] of invalidatedAt) {
      if (at >= horizon) break
      invalidatedAt.delete(tag)
    }
  }

  const get = (key: string): CachedResponse | undefined => {
    const held = entries.get(key)
    if (!held) return undefined
    if (now() - held.entry.storedAt > ttlMs) {
      remove(key)
      return undefined
    }
    entries.delete(key)
    entries.set(key, held)
    return held.entry
  }

  const set = (key: string, entry: CachedResponse, mark: CacheMark): boolean => {
    // Older than what is remembered: an invalidation since may have been forgotten.
    if (now() - mark.takenAt >= REMEMBER_INVALIDATIONS_MS) return false
    if (entry.tags.some((tag) => (invalidatedAt.get(tag)?.seq ?? -1) > mark.seq)) return false
    const size = sizeOf(key, entry)
    if (size > maxBytes) return false
    remove(key)
    entries.set(key, { entry, size })
    bytes += size
    for (const tag of entry.tags) {
      const keys = keysByTag.get(tag) ?? new Set<string>()
      keys.add(key)
      keysByTag.set(tag, keys)
    }
    for (const oldest of entries.keys()) {
      if (bytes <= maxBytes) break
      remove(oldest)
    }
    return true
  }

  const invalidate = (tags: string[]) => {
    sequence += 1
    const at = now()
    for (const tag of tags) {
      // Re-inserted so the map stays ordered by time for forgetOldInvalidations.
      invalidatedAt.delete(tag)
      invalidatedAt.set(tag, { seq: sequence, at })
      for (const key of keysByTag.get(tag) ?? []) remove(key)
    }
    forgetOldInvalidations()
  }

  const clear = () => {
    entries.clear()
    keysByTag.clear()
    bytes = 0
  }

  // The store's interface is asynchronous (for Redis); in memory every answer is ready at once.
  return {
    mark: () => Promise.resolve({ seq: sequence, takenAt: now() }),
    get: (key) => Promise.resolve(get(key)),
    peek: get,
    set: (key, entry, mark) => Promise.resolve(set(key, entry, mark)),
    invalidate: (tags) => Promise.resolve(invalidate(tags)),
    clear: () => Promise.resolve(clear()),
    close: () => Promise.resolve(),
    stats: () => Promise.resolve({ entries: entries.size, bytes }),
  }
}
