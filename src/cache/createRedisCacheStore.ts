import { Redis } from 'ioredis'

import { REMEMBER_INVALIDATIONS_MS, type CacheStore, type CachedResponse } from './types'

type Options = { url: string; ttlMs: number; prefix?: string; log: { warn: (object: object, message: string) => void } }


/** Stores an entry unless one of its tags was invalidated after the caller's mark. */
const SET_SCRIPT = `
local mark = tonumber(ARGV[1])
for i = 4, #ARGV do
  local seen = redis.call('GET', KEYS[1] .. ARGV[i])
  if seen and tonumber(seen) > mark then return 0 end
end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
for i = 4, #ARGV do
  local tagKey = KEYS[3] .. ARGV[i]
  redis.call('SADD', tagKey, KEYS[2])
  redis.call('PEXPIRE', tagKey, ARGV[3])
end
return 1`

/** Bumps the sequence, remembers it for each tag, and deletes the tags' entries. */
const INVALIDATE_SCRIPT = `
local seq = redis.call('INCR', KEYS[1])
for i = 2, #ARGV do
  redis.call('SET', KEYS[2] .. ARGV[i], seq, 'PX', ARGV[1])
  local tagKey = KEYS[3] .. ARGV[i]
  local keys = redis.call('SMEMBERS', tagKey)
  for j = 1, #keys do redis.call('DEL', keys[j]) end
  redis.call('DEL', tagKey)
end
return seq`

type StoredMeta = Omit<CachedResponse, 'body' | 'encoded'> & {
  /** Byte lengths of the plain body and its brotli and gzip forms, stored one after the other (0: none). */
  parts?: [number, number, number]
}

/** One Redis value: a 4-byte length, the entry's JSON meta, then the plain body and its encoded forms. */
function encode(entry: CachedResponse): Buffer {
  const { body, encoded = {}, ...rest } = entry
  const bodies = [body, encoded.br, encoded.gzip]
  const meta: StoredMeta = { ...rest, parts: [body.byteLength, encoded.br?.byteLength ?? 0, encoded.gzip?.byteLength ?? 0] }
  const json = Buffer.from(JSON.stringify(meta))
  const header = Buffer.alloc(4)
  header.writeUInt32BE(json.length)
  return Buffer.concat([header, json, ...bodies.filter((part): part is Uint8Array => part !== undefined)])
}

function decode(raw: Buffer): CachedResponse {
  const length = raw.readUInt32BE(0)
  const { parts, ...meta } = JSON.parse(raw.subarray(4, 4 + length).toString('utf8')) as StoredMeta
  let offset = 4 + length
  const take = (size: number) => new Uint8Array(raw.subarray(offset, (offset += size)))
  // Entries stored before encoded forms existed hold the body alone.
  if (!parts) return { ...meta, body: take(raw.length - offset) }
  const body = take(parts[0])
  const encoded = { ...(parts[1] ? { br: take(parts[1]) } : {}), ...(parts[2] ? { gzip: take(parts[2]) } : {}) }
  return { ...meta, body, encoded }
}

/**
 * Responses in Redis, shared by every Folio instance using it: a write in one instance
 * invalidates the entries all of them read. Redis' own eviction (`maxmemory-policy allkeys-lru`)
 * keeps the budget. While Redis is unreachable every request is answered afresh; an invalidation
 * that could not be sent empties Folio's part of Redis once it is back, so nothing stale survives.
 */
// The braces keep every key in one hash slot, so the scripts also run on a Redis Cluster.
/** Where Folio's cache keys live in Redis (one hash slot on a cluster). */
export const REDIS_CACHE_PREFIX = '{folio-cache}:'

export function createRedisCacheStore({ url, ttlMs, prefix = REDIS_CACHE_PREFIX, log }: Options): CacheStore {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false })
  const keys = { seq: `${prefix}seq`, invalidated: `${prefix}inv:`, entry: `${prefix}e:`, tag: `${prefix}t:` }
  let mustFlush = false
  const lastWarnings = new Map<string, number>()

  /** Each kind of warning at most every 10 s: an outage would otherwise log every request. */
  const warn = (error: unknown, message: string) => {
    if (Date.now() - (lastWarnings.get(message) ?? 0) < 10_000) return
    lastWarnings.set(message, Date.now())
    log.warn({ err: error }, message)
  }

  const flush = async () => {
    let cursor = '0'
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
      cursor = next
      if (found.length) await redis.del(...found)
    } while (cursor !== '0')
    mustFlush = false
  }

  let flushing: Promise<void> | undefined
  /** Whether the cache may be used: not while an invalidation that failed has not been made up for. */
  const isUsable = () => {
    if (!mustFlush) return true
    flushing ??= flush()
      .catch((error: unknown) => warn(error, 'response cache: emptying Redis after missed invalidations failed'))
      .finally(() => (flushing = undefined))
    return false
  }

  redis.on('error', (error) => warn(error, 'response cache: Redis unreachable; answering without the cache'))
  // Also made up for when no request comes, so other instances stop reading what is stale.
  const retryFlush = setInterval(() => mustFlush && isUsable(), 1000).unref()

  return {
    mark: async () => {
      const takenAt = Date.now()
      try {
        return { seq: Number((await redis.get(keys.seq)) ?? 0), takenAt }
      } catch {
        // Without the sequence, nothing computed now may be stored.
        return { seq: Number.NaN, takenAt }
      }
    },
    get: async (key) => {
      if (!isUsable()) return undefined
      try {
        const raw = await redis.getBuffer(keys.entry + key)
        return raw ? decode(raw) : undefined
      } catch (error) {
        warn(error, 'response cache: reading from Redis failed')
        return undefined
      }
    },
    set: async (key, entry, mark) => {
      if (!isUsable() || Number.isNaN(mark.seq) || Date.now() - mark.takenAt >= REMEMBER_INVALIDATIONS_MS) return false
      try {
        const stored = await redis.eval(SET_SCRIPT, 3, keys.invalidated, keys.entry + key, keys.tag, mark.seq, encode(entry), ttlMs, ...entry.tags)
        return stored === 1
      } catch (error) {
        warn(error, 'response cache: writing to Redis failed')
        return false
      }
    },
    invalidate: async (tags) => {
      try {
        await redis.eval(INVALIDATE_SCRIPT, 3, keys.seq, keys.invalidated, keys.tag, REMEMBER_INVALIDATIONS_MS, ...tags)
      } catch (error) {
        mustFlush = true
        warn(error, 'response cache: an invalidation did not reach Redis; the cache is emptied when Redis is back')
      }
    },
    clear: flush,
    close: () => {
      clearInterval(retryFlush)
      redis.disconnect()
      return Promise.resolve()
    },
    stats: async () => {
      let entries = 0
      let cursor = '0'
      do {
        const [next, found] = await redis.scan(cursor, 'MATCH', `${keys.entry}*`, 'COUNT', 500)
        cursor = next
        entries += found.length
      } while (cursor !== '0')
      return { entries, bytes: Number.NaN }
    },
  }
}
