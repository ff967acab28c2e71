import type { MongooseAdapter } from '@payloadcms/db-mongodb'
import type { Db } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { replicatePosts, type PostCopy, type PostTemplate } from '../../scripts/bench/replicatePosts'
import { lexicalFromLines } from '@/lib/lexicalFromLines'
import { createDocument, type ApiDocument } from '../helpers/documents'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { waitFor } from '../helpers/waitFor'

// The benchmarks' bulk seeding: posts copied in the database from one created through the REST API
// must read back through the REST API exactly as that post does, with their own slug, title and date.

let server: TestServer
let template: PostTemplate
let templatePost: ApiDocument
const progress: number[] = []
const copies: PostCopy[] = [
  { slug: 'bench-post-00002', title: 'Notes on caching (2)', publishedAt: '2024-03-02T10:00:00.000Z' },
  { slug: 'bench-post-00003', title: 'Notes on caching (3)', publishedAt: '2024-03-01T10:00:00.000Z' },
]

/** What differs between a post and its copy: ids, the copy's own values, and when it was written. */
const OWN_FIELDS = ['id', 'slug', 'title', 'publishedAt', 'createdAt', 'updatedAt']
const withoutOwn = (document: Record<string, unknown>, own = OWN_FIELDS) => Object.fromEntries(Object.entries(document).filter(([field]) => !own.includes(field)))

const get = async (path: string) => {
  const response = await server.api(path, { token: server.admin.token })
  expect(response.status, path).toBe(200)
  return response.body
}

beforeAll(async () => {
  server = await startTestServer('replicatePosts')
  const category = await createDocument(server, 'categories', { title: 'Caching', slug: 'caching' })
  templatePost = await createDocument(server, 'posts', {
    title: 'Notes on caching (1)',
    slug: 'bench-post-00001',
    excerpt: 'A benchmark post about caching.',
    content: lexicalFromLines(['A benchmark post about caching.', '## What we did', 'We measured.']),
    categories: [category.id],
    authors: [server.admin.user.id],
    publishedAt: '2024-03-03T10:00:00.000Z',
    _status: 'published',
  })
  template = { id: templatePost.id, slug: 'bench-post-00001', title: 'Notes on caching (1)', publishedAt: '2024-03-03T10:00:00.000Z' }
  // The audit entry of the create is part of what is copied.
  await waitFor(async () => ((await get(`/api/audit-log?where[documentId][equals]=${template.id}&depth=0`)).totalDocs === 1 ? true : undefined), 'the template\'s audit entry')
  const db = (server.payload.db as MongooseAdapter).connection.db as unknown as Db
  await replicatePosts(db, [template], copies, { batchSize: 1, progress: (done) => progress.push(done) })
})

afterAll(async () => {
  await server?.stop()
})

describe('posts copied in the database for the benchmarks', () => {
  it('reports progress after each batch', () => {
    expect(progress).toEqual([1, 2])
  })

  it('reads back through REST as the post they copy, with their own slug, title and date', async () => {
    const original = (await get(`/api/posts/${template.id}?depth=1`)) as ApiDocument
    for (const copy of copies) {
      const found = await get(`/api/posts?where[slug][equals]=${copy.slug}&depth=1`)
      expect(found.totalDocs).toBe(1)
      const post = found.docs[0] as ApiDocument
      expect(post.id).not.toBe(template.id)
      expect({ slug: post.slug, title: post.title, publishedAt: post.publishedAt }).toEqual(copy)
      expect(withoutOwn(post)).toEqual(withoutOwn(original))
    }
  })

  it('each has its published version, as Payload writes it', async () => {
    const original = await get(`/api/posts/versions?where[parent][equals]=${template.id}&depth=0`)
    expect(original.totalDocs).toBe(1)
    for (const copy of copies) {
      const post = (await get(`/api/posts?where[slug][equals]=${copy.slug}&depth=0`)).docs[0] as ApiDocument
      const versions = await get(`/api/posts/versions?where[parent][equals]=${post.id}&depth=0`)
      expect(versions.totalDocs).toBe(1)
      const [version] = versions.docs
      expect(version.parent).toBe(post.id)
      expect({ slug: version.version.slug, title: version.version.title }).toEqual({ slug: copy.slug, title: copy.title })
      expect(withoutOwn(version.version)).toEqual(withoutOwn(original.docs[0].version))
      expect(withoutOwn(version, ['id', 'parent', 'version', 'createdAt', 'updatedAt'])).toEqual(withoutOwn(original.docs[0], ['id', 'parent', 'version', 'createdAt', 'updatedAt']))
    }
  })

  it('each is found by the site search under its own path', async () => {
    for (const copy of copies) {
      const answer = await get(`/api/search/query?q=${encodeURIComponent(copy.title)}`)
      const result = answer.results.find((entry: { slug: string }) => entry.slug === copy.slug)
      expect(result).toMatchObject({ collection: 'posts', title: copy.title, path: `/posts/${copy.slug}`, publishedAt: copy.publishedAt })
    }
  })

  it('each has the audit entry of its publication', async () => {
    for (const copy of copies) {
      const post = (await get(`/api/posts?where[slug][equals]=${copy.slug}&depth=0`)).docs[0] as ApiDocument
      const entries = await get(`/api/audit-log?where[documentId][equals]=${post.id}&depth=0`)
      expect(entries.totalDocs).toBe(1)
      expect(entries.docs[0]).toMatchObject({ action: 'publish', sourceCollection: 'posts', documentTitle: copy.title })
    }
  })

  it('leaves the post it copies as it was', async () => {
    const original = (await get(`/api/posts/${template.id}?depth=0`)) as ApiDocument
    expect(original).toEqual({ ...templatePost, populatedAuthors: original.populatedAuthors })
  })
})
