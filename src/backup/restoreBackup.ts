import { createHash } from 'node:crypto'
import { once } from 'node:events'
import fs from 'node:fs'
import path from 'node:path'

import { Redis } from 'ioredis'
import { BSON, MongoClient, type Db, type Document } from 'mongodb'

import { REDIS_CACHE_PREFIX } from '@/cache/createRedisCacheStore'
import { createKeyCache } from './archiveEncryption'
import { assertRestorable } from './assertRestorable'
import { mediaPathOf } from './archiveLayout'
import { BackupError } from './BackupError'
import { MANIFEST_ENTRY, type BackupCollection, type BackupManifest } from './BackupManifest'
import { createProgress, type Progress } from './createProgress'
import { readArchive } from './readArchive'
import { verifyArchive } from './verifyArchive'

export type RestoreOptions = {
  archive: string
  /** A MongoDB connection string naming the database to restore into. */
  uri: string
  /** The uploads folder the archive's files go to; omitted, files are not restored. */
  mediaDir?: string
  /** Replace a database that holds documents (every collection in it is dropped first). */
  force?: boolean
  passphrase?: string
  /** Folio's Redis (REDIS_URL): its response cache is emptied once the database is restored. */
  redisUrl?: string
  log?: (message: string) => void
  progressStream?: NodeJS.WriteStream
}

export type RestoreResult = {
  manifest: BackupManifest
  /** Collections that held documents before and were replaced (`--force`). */
  replaced: { name: string; count: number }[]
  durationMs: number
}

/** Folio's keys in Redis: the response cache's. */
const REDIS_CACHE_PATTERN = `${REDIS_CACHE_PREFIX}*`
const BATCH_DOCUMENTS = 1000
const BATCH_BYTES = 8 * 1024 * 1024

class ArchiveChangedError extends Error {
  constructor(entry: string) {
    super(`The archive changed while it was restored (${entry} no longer matches its checksum): the database and media folder are partly restored; restore again from an intact copy`)
  }
}

async function existingCollections(db: Db): Promise<{ name: string; count: number }[]> {
  const infos = await db.listCollections({}, { nameOnly: true }).toArray()
  const names = infos.map((info) => info.name).filter((name) => !name.startsWith('system.')).sort()
  return Promise.all(names.map(async (name) => ({ name, count: await db.collection(name).estimatedDocumentCount() })))
}

/** Inserts a collection's Extended JSON lines in batches, checking the entry's hash as it goes. */
async function restoreCollection(db: Db, collection: BackupCollection, stream: AsyncIterable<Buffer>, expectedSha: string, progress: Progress): Promise<void> {
  await db.createCollection(collection.name, collection.options)
  const target = db.collection(collection.name)
  const insertOptions = { ordered: true, ...(collection.options.validator ? { bypassDocumentValidation: true } : {}) }
  const hash = createHash('sha256')
  let pending: Buffer = Buffer.alloc(0)
  let batch: Document[] = []
  let batchBytes = 0
  let inserted = 0
  const flush = async () => {
    if (!batch.length) return
    await target.insertMany(batch, insertOptions)
    inserted += batch.length
    progress.advance(batch.length, batchBytes)
    batch = []
    batchBytes = 0
  }
  for await (const chunk of stream) {
    hash.update(chunk)
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk
    let start = 0
    let newline: number
    while ((newline = pending.indexOf(10, start)) !== -1) {
      const line = pending.toString('utf8', start, newline)
      start = newline + 1
      batch.push(BSON.EJSON.parse(line, { relaxed: false }) as Document)
      batchBytes += line.length
      if (batch.length >= BATCH_DOCUMENTS || batchBytes >= BATCH_BYTES) await flush()
    }
    pending = pending.subarray(start)
  }
  if (hash.digest('hex') !== expectedSha || pending.length) throw new ArchiveChangedError(collection.entry)
  await flush()
  if (inserted !== collection.count) throw new ArchiveChangedError(collection.entry)
}

/** Writes one uploaded file beside its place and renames it in once its bytes match the manifest. */
async function restoreFile(target: string, stream: AsyncIterable<Buffer>, entry: string, expectedSha: string, progress: Progress): Promise<void> {
  fs.mkdirSync(path.dirname(target), { recursive: true })
  const temporary = `${target}.restoring`
  const out = fs.createWriteStream(temporary)
  const hash = createHash('sha256')
  try {
    for await (const chunk of stream) {
      hash.update(chunk)
      progress.advance(0, chunk.length)
      if (!out.write(chunk)) await once(out, 'drain')
    }
    out.end()
    await once(out, 'close')
    if (hash.digest('hex') !== expectedSha) throw new ArchiveChangedError(entry)
    fs.renameSync(temporary, target)
    progress.advance(1)
  } catch (error) {
    out.destroy()
    fs.rmSync(temporary, { force: true })
    throw error
  }
}

/** Empties Folio's response cache in Redis, so no instance answers with content from before the restore. */
async function flushRedisCache(url: string, log: (message: string) => void): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 })
  try {
    await redis.connect()
    let cursor = '0'
    let removed = 0
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', REDIS_CACHE_PATTERN, 'COUNT', 500)
      cursor = next
      if (keys.length) removed += await redis.del(...keys)
    } while (cursor !== '0')
    log(`Response cache in Redis emptied (${removed} keys).`)
  } catch (error) {
    log(`Could not empty the response cache in Redis (${(error as Error).message}): delete the keys ${REDIS_CACHE_PATTERN} by hand, or restart every Folio instance.`)
  } finally {
    redis.disconnect()
  }
}

/**
 * Restores an archive written by createBackup. The whole archive is read and checked (and decrypted)
 * first; only an intact archive, from this Folio or an older one, is restored. A database holding documents is refused unless `force`,
 * which drops every collection in it. Collections come back with their options, documents and indexes;
 * the search index is one of them, so it needs no rebuilding.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const { archive, uri, mediaDir, force = false, passphrase, redisUrl, log = console.log } = options
  const started = Date.now()
  const keyCache = createKeyCache()
  const archiveBytes = fs.statSync(archive).size

  const checking = createProgress({ label: 'Checking', total: 0, log, stream: options.progressStream })
  const manifest = await verifyArchive(archive, { passphrase, keyCache, onBytes: (bytes, entryDone) => checking.advance(entryDone ? 1 : 0, bytes) })
  checking.done(`Archive intact: ${(archiveBytes / (1024 * 1024)).toFixed(1)} MB, made ${manifest.createdAt} by Folio ${manifest.folioVersion}`)
  assertRestorable(manifest)

  const client = new MongoClient(uri)
  try {
    await client.connect()
    const db = client.db()
    const existing = await existingCollections(db)
    const replaced = existing.filter((collection) => collection.count > 0)
    if (replaced.length && !force) {
      const listed = replaced.map(({ name, count }) => `${name}: ${count}`).join(', ')
      throw new BackupError('not-empty', `The database ${db.databaseName} is not empty (${listed}): nothing was restored; use --force to replace it`)
    }
    if (replaced.length) log(`Replacing ${replaced.map(({ name, count }) => `${name} (${count} documents)`).join(', ')}`)
    for (const { name } of existing) await db.collection(name).drop()

    const byEntry = new Map(manifest.collections.map((collection) => [collection.entry, collection]))
    const shaOf = new Map(manifest.entries.map((entry) => [entry.name, entry.sha256]))
    const total = manifest.collections.reduce((sum, collection) => sum + collection.count, 0) + (mediaDir ? manifest.media.files : 0)
    const progress = createProgress({ label: 'Restore', total, log, stream: options.progressStream })
    await readArchive(
      archive,
      async ({ name, stream }) => {
        const collection = byEntry.get(name)
        const mediaPath = mediaPathOf(name)
        if (collection) {
          await restoreCollection(db, collection, stream, shaOf.get(name)!, progress)
          progress.note(`${collection.name}: ${collection.count} documents`)
        } else if (mediaPath && mediaDir) {
          await restoreFile(path.join(mediaDir, mediaPath), stream, name, shaOf.get(name)!, progress)
        } else {
          // The manifest (already read), or files when no media folder was given.
          for await (const _chunk of stream) void _chunk
          if (name !== MANIFEST_ENTRY && !mediaPath) throw new ArchiveChangedError(name)
        }
      },
      { passphrase, keyCache },
    )
    for (const collection of manifest.collections) {
      if (collection.indexes.length) await db.collection(collection.name).createIndexes(collection.indexes as never)
    }
    progress.note(`Indexes created on ${manifest.collections.filter((collection) => collection.indexes.length).length} collections`)
    if (redisUrl) await flushRedisCache(redisUrl, log)
    progress.done('Restore complete')
    return { manifest, replaced, durationMs: Date.now() - started }
  } finally {
    await client.close()
  }
}
