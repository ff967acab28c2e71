import type { EncodedBodies } from './encodings'

export type CachedResponse = {
  status: number
  /** The response's own headers worth replaying (content type and the like). */
  headers: [string, string][]
  body: Uint8Array
  /** The body's brotli and gzip forms, made when it was stored (absent when not worth it). */
  encoded?: EncodedBodies
  /** The plain body's; each encoded form's ETag is derived from it (encodings.ts). */
  etag: string
  tags: string[]
  storedAt: number
}

/** The invalidation sequence when a request started, and when that was. */
export type CacheMark = { seq: number; takenAt: number }

/** Invalidations are remembered this long: a request taking longer is not stored. */
export const REMEMBER_INVALIDATIONS_MS = 5 * 60 * 1000

/**
 * Where cached responses live: this process's memory, or Redis shared by several instances.
 * `mark` is taken before a response is computed; `set` refuses to store a response when one of
 * its tags was invalidated after that mark (the response may hold what the write replaced).
 */
export interface CacheStore {
  mark: () => Promise<CacheMark>
  get: (key: string) => Promise<CachedResponse | undefined>
  /** The same as `get`, answered at once, where the store is this process's memory (absent for Redis). */
  peek?: (key: string) => CachedResponse | undefined
  set: (key: string, entry: CachedResponse, mark: CacheMark) => Promise<boolean>
  invalidate: (tags: string[]) => Promise<void>
  clear: () => Promise<void>
  close: () => Promise<void>
  /** Entries and bytes held (for logs and tests). */
  stats: () => Promise<{ entries: number; bytes: number }>
}
