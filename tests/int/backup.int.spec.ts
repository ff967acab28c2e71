import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { BSON, MongoClient } from 'mongodb'
import tar from 'tar-stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gzipSync } from 'node:zlib'

import { readArchive } from '@/backup/readArchive'
import { BackupError, createBackup, restoreBackup, type BackupManifest, type BackupResult } from '@/backup'
import { generateImage } from '@/lib/generateImage'
import { lexicalFromLines } from '@/lib/lexicalFromLines'
import { FOLIO_VERSION } from '@/lib/folioVersion'
import { withDatabaseName } from '@/lib/withDatabaseName'
import { migrations } from '@/migrations'
import { createDocument, updateDocument } from '../helpers/documents'
import { uploadForm } from '../helpers/multipart'
import { startTestServer, type TestServer } from '../helpers/startTestServer'

const PASSPHRASE = 'a long passphrase for the backup test'
const quiet = () => undefined

let server: TestServer
let workDir: string
let plain: BackupResult
let encrypted: BackupResult
let answersBefore: Record<string, unknown>
let mediaBefore: Record<string, string>
let seeded: { slug: string; postId: string; filename: string }

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex')

/** Every file of a folder with its SHA-256, by relative path. */
function filesOf(dir: string): Record<string, string> {
  const found: Record<string, string> = {}
  for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const file = path.join(dir, name)
    if (fs.statSync(file).isFile()) found[name] = sha256(fs.readFileSync(file))
  }
  return found
}

/** What a database holds, exactly: each collection's documents as canonical Extended JSON, hashed, and counted. */
async function fingerprint(uri: string): Promise<Record<string, { count: number; sha256: string }>> {
  const client = await MongoClient.connect(uri)
  try {
    const db = client.db()
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map(({ name }) => name).sort()
    const result: Record<string, { count: number; sha256: string }> = {}
    for (const name of names) {
      const documents = await db.collection(name).find({}, { sort: { _id: 1 }, promoteValues: false }).toArray()
      result[name] = { count: documents.length, sha256: sha256(documents.map((document) => BSON.EJSON.stringify(document, { relaxed: false })).join('\n')) }
    }
    return result
  } finally {
    await client.close()
  }
}

/** The answers a frontend gets, with a media file's bytes as their hash. */
async function apiAnswers(): Promise<Record<string, unknown>> {
  const read = async (url: string, token?: string) => {
    const response = await server.api(url, { token })
    return { status: response.status, body: response.body }
  }
  const file = await fetch(`${server.url}/api/media/file/${seeded.filename}`)
  return {
    postBySlug: await read(`/api/posts?where[slug][equals]=${seeded.slug}&depth=2`),
    pageByPath: await read('/api/pages?where[path][equals]=/backup-studio&depth=1'),
    search: await read('/api/search/query?q=lighthouse'),
    versions: await read(`/api/posts/versions?where[parent][equals]=${seeded.postId}&sort=createdAt&depth=0`, server.admin.token),
    mediaFile: { status: file.status, type: file.headers.get('content-type'), sha256: sha256(new Uint8Array(await file.arrayBuffer())) },
  }
}

const withoutTime = ({ createdAt: _createdAt, encrypted: _encrypted, ...rest }: BackupManifest) => rest

/** A copy of an archive in the work folder, changed by `change`. */
function damagedCopy(source: string, name: string, change: (bytes: Buffer) => Buffer): string {
  const file = path.join(workDir, name)
  fs.writeFileSync(file, change(fs.readFileSync(source)))
  return file
}

function flipByte(at: (length: number) => number) {
  return (bytes: Buffer) => {
    const copy = Buffer.from(bytes)
    const index = at(copy.length)
    copy[index] ^= 0xff
    return copy
  }
}

/** The archive re-packed, intact as a .tar.gz, with one entry's content replaced: only its checksum can tell. */
async function repackedWith(source: string, name: string, entry: string, content: Buffer): Promise<string> {
  const pack = tar.pack()
  const chunks: Buffer[] = []
  pack.on('data', (chunk) => chunks.push(chunk as Buffer))
  const packed = new Promise<void>((resolve) => pack.on('end', () => resolve()))
  await readArchive(source, async ({ name: entryName, stream }) => {
    const parts: Buffer[] = []
    for await (const chunk of stream) parts.push(chunk)
    pack.entry({ name: entryName }, entryName === entry ? content : Buffer.concat(parts))
  })
  pack.finalize()
  await packed
  const file = path.join(workDir, name)
  fs.writeFileSync(file, gzipSync(Buffer.concat(chunks)))
  return file
}

beforeAll(async () => {
  // Answers must come from the restored database, not a cache; no job may write between backup and restore.
  process.env.FOLIO_CACHE = 'false'
  process.env.FOLIO_JOBS = 'false'
  server = await startTestServer('backup')
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-backup-test-'))

  const png = await generateImage(['#204060', '#e0c080'], 3, 640, 400)
  const upload = await server.api('/api/media', { method: 'POST', token: server.admin.token, body: uploadForm({ data: png, name: 'harbour.png', type: 'image/png' }, { alt: 'The harbour' }) })
  expect(upload.status).toBe(201)
  const post = await createDocument(server, 'posts', { title: 'Lighthouse keeping', content: lexicalFromLines(['A first draft.']), heroImage: upload.body.doc.id })
  await updateDocument(server, 'posts', post.id, { content: lexicalFromLines(['The lighthouse at dusk.']), _status: 'published' })
  await updateDocument(server, 'posts', post.id, { excerpt: 'Notes from the lighthouse' })
  await createDocument(server, 'pages', {
    title: 'Backup studio',
    _status: 'published',
    layout: [{ blockType: 'richText', content: lexicalFromLines(['Where the lighthouse is drawn.']) }],
  })
  seeded = { slug: post.slug as string, postId: post.id, filename: upload.body.doc.filename as string }

  answersBefore = await apiAnswers()
  mediaBefore = filesOf(server.environment.mediaDir)
  plain = await createBackup({ uri: server.environment.databaseUri, out: path.join(workDir, 'first.tar.gz'), mediaDir: server.environment.mediaDir, log: quiet })
  encrypted = await createBackup({ uri: server.environment.databaseUri, out: path.join(workDir, 'first.tar.gz.enc'), mediaDir: server.environment.mediaDir, passphrase: PASSPHRASE, log: quiet })
})

afterAll(async () => {
  delete process.env.FOLIO_CACHE
  delete process.env.FOLIO_JOBS
  await server?.stop()
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true })
})

describe('backup', () => {
  it('holds every collection with its count, the uploads and a checksum per entry', async () => {
    const counts = Object.fromEntries(plain.manifest.collections.map(({ name, count }) => [name, count]))
    const stored = await fingerprint(server.environment.databaseUri)
    expect(counts).toEqual(Object.fromEntries(Object.entries(stored).map(([name, { count }]) => [name, count])))
    expect(counts).toMatchObject({ posts: 1, _posts_versions: 3, pages: 1, media: 1, users: 1, globals: expect.any(Number), searches: 2, 'payload-migrations': expect.any(Number) })
    expect(plain.manifest.media).toMatchObject({ included: true, files: Object.keys(mediaBefore).length })
    const mediaEntries = plain.manifest.entries.filter(({ name }) => name.startsWith('media/'))
    expect(Object.fromEntries(mediaEntries.map(({ name, sha256 }) => [name.slice('media/'.length), sha256]))).toEqual(mediaBefore)
    expect(plain.manifest).toMatchObject({ format: 'folio-backup', formatVersion: 1, snapshot: false, encrypted: false })
    expect(plain.manifest.collections.find(({ name }) => name === 'posts')?.indexes.length).toBeGreaterThan(0)
    expect(plain.manifest.migrations).toEqual(migrations.map(({ name }) => name))
  })
})

describe('restore refusals', () => {
  const cases: { name: string; archive: () => string; passphrase?: string; code: string; message: RegExp }[] = [
    { name: 'a corrupt byte in an encrypted archive', archive: () => damagedCopy(encrypted.file, 'flipped.enc', flipByte((length) => Math.floor(length / 2))), passphrase: PASSPHRASE, code: 'corrupt', message: /^The archive is corrupt: an encrypted frame failed authentication$/ },
    { name: 'a corrupt byte in the checksum of a plain archive', archive: () => damagedCopy(plain.file, 'crc.tar.gz', flipByte((length) => length - 6)), code: 'corrupt', message: /^The archive is corrupt: incorrect data check$/ },
    { name: 'a truncated plain archive', archive: () => damagedCopy(plain.file, 'half.tar.gz', (bytes) => bytes.subarray(0, Math.floor(bytes.length / 2))), code: 'truncated', message: /^The archive is truncated/ },
    { name: 'a truncated encrypted archive', archive: () => damagedCopy(encrypted.file, 'half.enc', (bytes) => bytes.subarray(0, Math.floor(bytes.length / 2))), passphrase: PASSPHRASE, code: 'truncated', message: /^The archive is truncated: it ends before its last encrypted frame$/ },
    { name: 'a wrong passphrase', archive: () => encrypted.file, passphrase: 'not the passphrase', code: 'wrong-passphrase', message: /^Wrong passphrase for this archive/ },
    { name: 'an encrypted archive without a passphrase', archive: () => encrypted.file, code: 'passphrase-required', message: /^The archive is encrypted/ },
  ]

  it.each(cases)('refuses $name, even with force, and changes nothing', async ({ archive, passphrase, code, message }) => {
    const before = await fingerprint(server.environment.databaseUri)
    const error = await restoreBackup({ archive: archive(), uri: server.environment.databaseUri, mediaDir: server.environment.mediaDir, force: true, passphrase, log: quiet }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(BackupError)
    expect((error as BackupError).code).toBe(code)
    expect((error as BackupError).message).toMatch(message)
    expect(await fingerprint(server.environment.databaseUri)).toEqual(before)
    expect(filesOf(server.environment.mediaDir)).toEqual(mediaBefore)
  })

  it('refuses a corrupt byte in the middle of a plain archive and changes nothing', async () => {
    const before = await fingerprint(server.environment.databaseUri)
    const archive = damagedCopy(plain.file, 'middle.tar.gz', flipByte((length) => Math.floor(length / 2)))
    const error = await restoreBackup({ archive, uri: server.environment.databaseUri, mediaDir: server.environment.mediaDir, force: true, log: quiet }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(BackupError)
    // Deflate cannot always tell a damaged length from a short file: either refusal is right here.
    expect((error as BackupError).message).toMatch(/^The archive is (corrupt|truncated)/)
    expect(await fingerprint(server.environment.databaseUri)).toEqual(before)
    expect(filesOf(server.environment.mediaDir)).toEqual(mediaBefore)
  })

  it('refuses an intact archive whose entry does not match its checksum, and changes nothing', async () => {
    const before = await fingerprint(server.environment.databaseUri)
    const archive = await repackedWith(plain.file, 'tampered.tar.gz', 'collections/posts.ejson', Buffer.from('{"_id":{"$oid":"000000000000000000000000"}}\n'))
    const error = await restoreBackup({ archive, uri: server.environment.databaseUri, mediaDir: server.environment.mediaDir, force: true, log: quiet }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(BackupError)
    expect((error as BackupError).message).toBe('The archive is corrupt: collections/posts.ejson does not match its checksum')
    expect(await fingerprint(server.environment.databaseUri)).toEqual(before)
    expect(filesOf(server.environment.mediaDir)).toEqual(mediaBefore)
  })

  const fromNewerFolio: { name: string; change: (manifest: BackupManifest) => BackupManifest; message: string }[] = [
    {
      name: 'written by a newer Folio',
      change: (manifest) => ({ ...manifest, folioVersion: '99.0.0' }),
      message: `This archive was written by Folio 99.0.0, newer than this Folio (${FOLIO_VERSION}): nothing was restored; restore it with Folio 99.0.0 or later`,
    },
    {
      name: 'from a database a newer Folio migrated',
      change: (manifest) => ({ ...manifest, migrations: [...(manifest.migrations ?? []), '29991231_from_the_future'] }),
      message: `This archive's database was migrated by a newer Folio (29991231_from_the_future unknown here): nothing was restored; restore it with the Folio that wrote it (${FOLIO_VERSION}) or later`,
    },
  ]

  it.each(fromNewerFolio)('refuses an archive $name, even with force, and changes nothing', async ({ name, change, message }) => {
    const before = await fingerprint(server.environment.databaseUri)
    const manifest = change(JSON.parse(JSON.stringify(plain.manifest)) as BackupManifest)
    const archive = await repackedWith(plain.file, `${name.replace(/\W/g, '-')}.tar.gz`, 'manifest.json', Buffer.from(JSON.stringify(manifest)))
    const error = await restoreBackup({ archive, uri: server.environment.databaseUri, mediaDir: server.environment.mediaDir, force: true, log: quiet }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(BackupError)
    expect((error as BackupError).code).toBe('newer-folio')
    expect((error as BackupError).message).toBe(message)
    expect(await fingerprint(server.environment.databaseUri)).toEqual(before)
    expect(filesOf(server.environment.mediaDir)).toEqual(mediaBefore)
  })

  it('refuses a database that holds documents without force, naming what it holds', async () => {
    const before = await fingerprint(server.environment.databaseUri)
    const error = await restoreBackup({ archive: plain.file, uri: server.environment.databaseUri, mediaDir: server.environment.mediaDir, log: quiet }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(BackupError)
    expect((error as BackupError).code).toBe('not-empty')
    expect((error as BackupError).message).toMatch(new RegExp(`^The database ${server.environment.databaseName} is not empty \\(.*posts: 1.*\\): nothing was restored; use --force to replace it$`))
    expect(await fingerprint(server.environment.databaseUri)).toEqual(before)
  })
})

describe('round trip', () => {
  it('restores an encrypted archive into a fresh database and media folder, entries identical', async () => {
    const uri = withDatabaseName(server.environment.databaseUri, `folio_backup_copy_${randomBytes(4).toString('hex')}`)
    const mediaDir = fs.mkdtempSync(path.join(workDir, 'media-'))
    try {
      await restoreBackup({ archive: encrypted.file, uri, mediaDir, passphrase: PASSPHRASE, log: quiet })
      const again = await createBackup({ uri, out: path.join(workDir, 'copy.tar.gz'), mediaDir, log: quiet })
      expect(again.manifest.entries).toEqual(plain.manifest.entries)
      expect(withoutTime(again.manifest)).toEqual(withoutTime(plain.manifest))
      expect(filesOf(mediaDir)).toEqual(mediaBefore)
      expect(await fingerprint(uri)).toEqual(await fingerprint(server.environment.databaseUri))
    } finally {
      const client = await MongoClient.connect(uri)
      await client.db().dropDatabase()
      await client.close()
    }
  })

  it('replaces the running database with force, saying what it replaces, and answers the API as before', async () => {
    const lines: string[] = []
    const result = await restoreBackup({ archive: plain.file, uri: server.environment.databaseUri, mediaDir: server.environment.mediaDir, force: true, log: (line) => lines.push(line) })
    expect(result.replaced).toEqual(expect.arrayContaining([{ name: 'posts', count: 1 }, { name: '_posts_versions', count: 3 }]))
    expect(lines.find((line) => line.startsWith('Replacing '))).toMatch(/posts \(1 documents\)/)
    expect(await apiAnswers()).toEqual(answersBefore)
  })

  it('restores into an emptied database and media folder; a second backup holds identical entries and the API answers as before', async () => {
    await server.payload.db.connection.db!.dropDatabase()
    fs.rmSync(server.environment.mediaDir, { recursive: true })
    fs.mkdirSync(server.environment.mediaDir)
    expect(await fingerprint(server.environment.databaseUri)).toEqual({})

    await restoreBackup({ archive: plain.file, uri: server.environment.databaseUri, mediaDir: server.environment.mediaDir, log: quiet })
    const second = await createBackup({ uri: server.environment.databaseUri, out: path.join(workDir, 'second.tar.gz'), mediaDir: server.environment.mediaDir, log: quiet })

    expect(second.manifest.entries).toEqual(plain.manifest.entries)
    expect(withoutTime(second.manifest)).toEqual(withoutTime(plain.manifest))
    expect(filesOf(server.environment.mediaDir)).toEqual(mediaBefore)
    expect(await apiAnswers()).toEqual(answersBefore)
  })
})
