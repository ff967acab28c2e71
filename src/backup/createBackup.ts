import { createHash } from 'node:crypto'
import { once } from 'node:events'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'

import { BSON, MongoClient, type ClientSession, type Db } from 'mongodb'
import tar from 'tar-stream'

import { FOLIO_VERSION } from '../lib/folioVersion'
import { createEncryptingStream } from './archiveEncryption'
import { collectionEntry, mediaEntry } from './archiveLayout'
import { MANIFEST_ENTRY, MIGRATIONS_COLLECTION, type BackupCollection, type BackupEntry, type BackupManifest } from './BackupManifest'
import { createProgress, type Progress } from './createProgress'
import { payloadVersion } from './payloadVersion'

export type BackupOptions = {
  /** A MongoDB connection string naming the database. */
  uri: string
  /** The archive to write; written beside it as `<out>.partial` and renamed once complete. */
  out: string
  /** The uploads folder; omitted, the archive holds no files (and its manifest says why). */
  mediaDir?: string
  /** Why media is left out, for the manifest (`--no-media`, uploads in S3). */
  mediaExcludedReason?: string
  /** Encrypts the archive (AES-256-GCM, key from scrypt). */
  passphrase?: string
  log?: (message: string) => void
  /** Where the progress line goes on a terminal (stderr by default). */
  progressStream?: NodeJS.WriteStream
}

export type BackupResult = { file: string; bytes: number; durationMs: number; manifest: BackupManifest }

/** What listIndexes answers, as createIndexes takes it back: without the index version and namespace. */
function indexDefinition(index: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(index).filter(([key]) => key !== 'v' && key !== 'ns'))
}

/**
 * Snapshot reads need a replica set or a sharded cluster (MongoDB 5.0+, wire version 13). A standalone
 * server, and the local database, read each collection as it is when its turn comes.
 */
async function supportsSnapshot(db: Db): Promise<boolean> {
  const hello = await db.admin().command({ hello: 1 }).catch(() => db.admin().command({ isMaster: 1 }))
  const isReplicated = typeof hello.setName === 'string' || hello.msg === 'isdbgrid'
  return isReplicated && Number(hello.maxWireVersion ?? 0) >= 13
}

/** Every file under `dir`, relative to it, in a stable order; symbolic links are not followed. */
function listFiles(dir: string): string[] {
  const files: string[] = []
  const walk = (relative: string) => {
    const entries = fs.readdirSync(path.join(dir, relative), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      const child = relative ? path.join(relative, entry.name) : entry.name
      if (entry.isDirectory()) walk(child)
      else if (entry.isFile()) files.push(child)
    }
  }
  if (fs.existsSync(dir)) walk('')
  return files
}

/** Adds one entry to the archive from a file, hashing what goes in; resolves once tar has taken it all. */
async function addFile(pack: tar.Pack, name: string, file: string, size: number, mtime: Date, progress?: Progress): Promise<BackupEntry> {
  const hash = createHash('sha256')
  let written = 0
  const done = new Promise<void>((resolve, reject) => {
    const entry = pack.entry({ name, size, mtime, mode: 0o644 }, (error) => (error ? reject(error) : resolve()))
    ;(async () => {
      for await (const chunk of fs.createReadStream(file)) {
        const buffer = chunk as Buffer
        hash.update(buffer)
        written += buffer.length
        progress?.advance(0, buffer.length)
        if (!entry.write(buffer)) await once(entry, 'drain')
      }
      entry.end(undefined)
    })().catch((error: Error) => {
      entry.destroy(error)
      reject(error)
    })
  })
  await done
  if (written !== size) throw new Error(`${name} changed while it was backed up (${size} bytes expected, ${written} read)`)
  return { name, size, sha256: hash.digest('hex') }
}

/**
 * Writes one collection as canonical Extended JSON lines (ObjectIds, dates, int32 vs double, decimals
 * and binary kept exactly) into a spool file, in `_id` order so two backups of the same data are equal
 * byte for byte. A tar entry must state its size up front, hence the spool: memory holds one document
 * at a time, the disk one collection.
 */
async function spoolCollection(db: Db, name: string, file: string, session: ClientSession | undefined, progress: Progress): Promise<{ count: number; size: number }> {
  const out = fs.createWriteStream(file)
  const cursor = db.collection(name).find({}, {
    session,
    sort: { _id: 1 },
    // Keep int32, int64 and double apart (promoted, they all become JS numbers) and regular expressions' flags.
    promoteValues: false,
    promoteBuffers: false,
    bsonRegExp: true,
    batchSize: 500,
  })
  let count = 0
  let size = 0
  try {
    for await (const document of cursor) {
      const line = `${BSON.EJSON.stringify(document, { relaxed: false })}\n`
      const bytes = Buffer.byteLength(line)
      size += bytes
      count++
      progress.advance(1, bytes)
      if (!out.write(line)) await once(out, 'drain')
    }
  } finally {
    await cursor.close()
    out.end()
    await once(out, 'close')
  }
  return { count, size }
}

/** Backs up every collection of the database and the uploaded files into one archive. */
export async function createBackup(options: BackupOptions): Promise<BackupResult> {
  const { uri, mediaDir, passphrase, log = console.log } = options
  const out = path.resolve(options.out)
  const partial = `${out}.partial`
  const started = Date.now()
  const createdAt = new Date(started).toISOString()
  const spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-backup-'))
  const client = new MongoClient(uri)
  let session: ClientSession | undefined
  try {
    await client.connect()
    const db = client.db()
    const snapshot = await supportsSnapshot(db)
    if (snapshot) session = client.startSession({ snapshot: true })
    else log('The database offers no snapshot reads (not a replica set): each collection is read as it is when its turn comes. Stop writers for a consistent copy.')

    // In name order, which reads a collection's versions (`_posts_versions`) before the collection
    // (`posts`): without a snapshot, a version written meanwhile may be missing, never its document.
    const infos = (await db.listCollections({}, { nameOnly: false }).toArray())
      .filter((info) => info.type !== 'view' && !info.name.startsWith('system.'))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    // What a restore checks against the migrations it knows: an archive from a newer schema is refused.
    const migrations = infos.some((info) => info.name === MIGRATIONS_COLLECTION)
      ? (await db.collection(MIGRATIONS_COLLECTION).distinct('name', {}, { session })).filter((name): name is string => typeof name === 'string' && name !== 'dev').sort()
      : []
    const mediaFiles = mediaDir ? listFiles(mediaDir) : []
    let expected = mediaFiles.length
    for (const info of infos) expected += await db.collection(info.name).estimatedDocumentCount()
    const progress = createProgress({ label: 'Backup', total: expected, log, stream: options.progressStream })

    fs.mkdirSync(path.dirname(out), { recursive: true })
    const pack = tar.pack()
    const stages: NodeJS.ReadWriteStream[] = [createGzip({ level: 6 }), ...(passphrase ? [createEncryptingStream(passphrase)] : [])]
    const written = pipeline([pack as unknown as NodeJS.ReadableStream, ...stages, fs.createWriteStream(partial, { mode: 0o600 })])
    // A failure of the writing side (disk full) must end the loop below, not leave it waiting for a drain.
    const failed = written.then(
      () => undefined,
      (error: Error) => error,
    )
    const mtime = new Date(started)
    const entries: BackupEntry[] = []
    const collections: BackupCollection[] = []

    for (const info of infos) {
      const spool = path.join(spoolDir, 'collection.ejson')
      const { count, size } = await spoolCollection(db, info.name, spool, session, progress)
      const entry = collectionEntry(info.name)
      entries.push(await Promise.race([addFile(pack, entry, spool, size, mtime), failed.then((error) => Promise.reject(error ?? new Error('archive closed early')))]))
      fs.rmSync(spool)
      const indexes = (await db.collection(info.name).listIndexes().toArray())
        .map((index) => index as Record<string, unknown>)
        .filter((index) => index.name !== '_id_')
        .map(indexDefinition)
      const collectionOptions = ('options' in info ? info.options : undefined) ?? {}
      collections.push({ name: info.name, entry, count, options: collectionOptions, indexes })
      progress.note(`${info.name}: ${count} documents`)
    }

    let mediaBytes = 0
    for (const relative of mediaFiles) {
      const file = path.join(mediaDir!, relative)
      const stats = fs.statSync(file)
      entries.push(await addFile(pack, mediaEntry(relative), file, stats.size, stats.mtime, progress))
      mediaBytes += stats.size
      progress.advance(1)
    }
    if (mediaDir) progress.note(`media: ${mediaFiles.length} files`)

    const manifest: BackupManifest = {
      format: 'folio-backup',
      formatVersion: 1,
      folioVersion: FOLIO_VERSION,
      payloadVersion: payloadVersion(),
      createdAt,
      snapshot,
      encrypted: Boolean(passphrase),
      migrations,
      media: mediaDir
        ? { included: true, files: mediaFiles.length, bytes: mediaBytes }
        : { included: false, reason: options.mediaExcludedReason ?? 'left out', files: 0, bytes: 0 },
      collections,
      entries,
    }
    await new Promise<void>((resolve, reject) => {
      pack.entry({ name: MANIFEST_ENTRY, mtime, mode: 0o644 }, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), (error) => (error ? reject(error) : resolve()))
    })
    pack.finalize()
    await written
    // The archive is complete on disk before it takes its name: a crash leaves only a .partial file.
    const handle = await fs.promises.open(partial, 'r+')
    await handle.sync()
    await handle.close()
    fs.renameSync(partial, out)
    const bytes = fs.statSync(out).size
    progress.done(`Backup written to ${out}: ${(bytes / (1024 * 1024)).toFixed(1)} MB`)
    return { file: out, bytes, durationMs: Date.now() - started, manifest }
  } catch (error) {
    fs.rmSync(partial, { force: true })
    throw error
  } finally {
    await session?.endSession()
    await client.close()
    fs.rmSync(spoolDir, { recursive: true, force: true })
  }
}
