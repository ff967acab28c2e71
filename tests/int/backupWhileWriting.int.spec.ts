import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { MongoClient, ObjectId, type Document } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createBackup, restoreBackup, type BackupResult } from '@/backup'
import { lexicalFromLines } from '@/lib/lexicalFromLines'
import { withDatabaseName } from '@/lib/withDatabaseName'
import { createDocument, updateDocument } from '../helpers/documents'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { waitUntil } from '../helpers/waitFor'

const WRITERS = 4
const UPDATES_PER_POST = 3
const BACKUPS = 3
const quiet = () => undefined

let server: TestServer
let workDir: string

/** What every stored post has, whatever moment it was read at: the fields a save always writes. */
function problemsOfPost(post: Document): string[] {
  const problems: string[] = []
  if (!(post._id instanceof ObjectId)) problems.push('_id')
  if (typeof post.title?.en !== 'string' || !post.title.en.startsWith('Writer ')) problems.push('title')
  if (typeof post.slug?.en !== 'string' || !post.slug.en) problems.push('slug')
  if (post.content?.en?.root?.type !== 'root' || !Array.isArray(post.content.en.root.children)) problems.push('content')
  if (typeof post.excerpt?.en !== 'string') problems.push('excerpt')
  if (!['draft', 'published'].includes(post._status)) problems.push('_status')
  if (!(post.createdAt instanceof Date) || !(post.updatedAt instanceof Date) || post.updatedAt < post.createdAt) problems.push('dates')
  // The title and excerpt are written together by every save: a post read halfway through one would differ.
  if (post.excerpt?.en !== `About ${post.title?.en}`) problems.push('title and excerpt from different saves')
  return problems
}

function problemsOfVersion(version: Document, postIds: Set<string>): string[] {
  const problems: string[] = []
  if (!(version.parent instanceof ObjectId)) problems.push('parent')
  else if (!postIds.has(version.parent.toHexString())) problems.push('parent missing')
  const { version: saved } = version
  if (typeof saved?.title?.en !== 'string' || saved.excerpt?.en !== `About ${saved.title.en}`) problems.push('version fields')
  if (!(version.createdAt instanceof Date) || !(version.updatedAt instanceof Date)) problems.push('dates')
  return problems
}

/** Creates posts and saves each a few times (each save a new version) until told to stop. */
async function writePosts(writer: number, shouldStop: () => boolean, counts: number[]): Promise<void> {
  for (let post = 0; !shouldStop(); post++) {
    const title = `Writer ${writer} post ${post}`
    const created = await createDocument(server, 'posts', { title, excerpt: `About ${title}`, content: lexicalFromLines([`First words of ${title}.`]), _status: 'draft' })
    counts[writer]++
    for (let save = 1; save <= UPDATES_PER_POST && !shouldStop(); save++) {
      const revised = `${title}, revision ${save}`
      await updateDocument(server, 'posts', created.id, {
        title: revised,
        excerpt: `About ${revised}`,
        content: lexicalFromLines([`Revision ${save} of ${title}.`, 'A second paragraph to make the document longer.']),
        _status: save === UPDATES_PER_POST ? 'published' : 'draft',
      })
    }
  }
}

async function restoredCopy(archive: BackupResult): Promise<{ posts: Document[]; versions: Document[] }> {
  const uri = withDatabaseName(server.environment.databaseUri, `folio_writers_copy_${randomBytes(4).toString('hex')}`)
  const client = await MongoClient.connect(uri)
  try {
    await restoreBackup({ archive: archive.file, uri, log: quiet })
    return {
      posts: await client.db().collection('posts').find().toArray(),
      versions: await client.db().collection('_posts_versions').find().toArray(),
    }
  } finally {
    await client.db().dropDatabase()
    await client.close()
  }
}

beforeAll(async () => {
  process.env.FOLIO_JOBS = 'false'
  server = await startTestServer('backup_writers')
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-backup-writers-'))
})

afterAll(async () => {
  delete process.env.FOLIO_JOBS
  await server?.stop()
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true })
})

describe('a backup taken while writers run', () => {
  it('restores to whole posts, each version with its post', { timeout: 120_000 }, async () => {
    let stop = false
    const counts = Array.from({ length: WRITERS }, () => 0)
    const writers = Array.from({ length: WRITERS }, (_, writer) => writePosts(writer, () => stop, counts))
    const archives: BackupResult[] = []
    try {
      await waitUntil(() => counts.every((count) => count >= 2), 'every writer to have created posts')
      for (let backup = 0; backup < BACKUPS; backup++) {
        archives.push(await createBackup({ uri: server.environment.databaseUri, out: path.join(workDir, `during-${backup}.tar.gz`), log: quiet }))
      }
    } finally {
      stop = true
      await Promise.all(writers)
    }
    // The writers kept writing across the backups: each archive holds a different moment.
    const postCounts = archives.map((archive) => archive.manifest.collections.find(({ name }) => name === 'posts')?.count ?? 0)
    expect(new Set(postCounts).size).toBeGreaterThan(1)

    for (const archive of archives) {
      const { posts, versions } = await restoredCopy(archive)
      expect(posts.length).toBeGreaterThan(0)
      const postIds = new Set(posts.map((post) => String(post._id)))
      const broken = [
        ...posts.map((post) => ({ id: String(post._id), problems: problemsOfPost(post) })),
        ...versions.map((version) => ({ id: String(version._id), problems: problemsOfVersion(version, postIds) })),
      ].filter(({ problems }) => problems.length > 0)
      expect(broken).toEqual([])
    }
  })
})
