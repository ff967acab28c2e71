import { ObjectId, type Db, type Document } from 'mongodb'

import { POSTS } from '../../collections/slugs'

/** A post the REST API created, and what replaces its own values in a copy. */
export type PostTemplate = { id: string; slug: string; title: string; publishedAt: string }
export type PostCopy = { slug: string; title: string; publishedAt: string }

export type ReplicateOptions = {
  /** Copies per insertMany into each collection. */
  batchSize: number
  /** Called after each batch with the number of copies written so far. */
  progress: (done: number) => void
}

/**
 * What a post's create wrote beside the post itself, by the names Payload's Mongo adapter gives the
 * collections (mongoose's plural of the slug): its versions, its search entry, its audit entries.
 */
const RELATED = [
  { collection: `_${POSTS}_versions`, field: 'parent' },
  { collection: 'searches', field: 'doc.value' },
  { collection: 'audit-logs', field: 'documentId' },
] as const

/** Matches an id stored either as an ObjectId or as its hex string, as the adapter may store it. */
const idFilter = (field: string, id: string): Document => ({ [field]: { $in: ObjectId.isValid(id) ? [id, new ObjectId(id)] : [id] } })

/**
 * Writes `copies[i]` as a copy of `templates[i % templates.length]`, straight into the database:
 * the stored post with its versions, search entry and audit entries, each with a new id, the copy's
 * slug, title and publishedAt wherever the template's stand (the search entry's path included), the
 * template's id replaced by the copy's, and createdAt/updatedAt now. Everything else (rich text, its
 * HTML, relations, status, search body) is the template's as Payload stored it, so a copy is exactly
 * what Payload would have written for a post with those values. Benchmarks only: no hook runs, so
 * nothing else (webhooks, the response cache) hears of the copies.
 */
export async function replicatePosts(db: Db, templates: PostTemplate[], copies: PostCopy[], options: ReplicateOptions): Promise<void> {
  const stored = await Promise.all(
    templates.map(async (template) => {
      const post = await db.collection(POSTS).findOne(idFilter('_id', template.id))
      if (!post) throw new Error(`post ${template.id} is not in the database`)
      const related = await Promise.all(
        RELATED.map(async ({ collection, field }) => ({ collection, documents: await db.collection(collection).find(idFilter(field, template.id)).toArray() })),
      )
      return { template, post, related }
    }),
  )
  for (let start = 0; start < copies.length; start += options.batchSize) {
    const batch: Record<string, Document[]> = {}
    const add = (collection: string, document: Document) => (batch[collection] ??= []).push(document)
    const now = new Date()
    for (let i = start; i < Math.min(copies.length, start + options.batchSize); i++) {
      const { template, post, related } = stored[i % stored.length]
      const postId = new ObjectId()
      const copy = copyOf(template, copies[i], postId, now)
      add(POSTS, copy(post))
      for (const { collection, documents } of related) for (const document of documents) add(collection, copy(document))
    }
    for (const [collection, documents] of Object.entries(batch)) await db.collection(collection).insertMany(documents, { ordered: true })
    options.progress(Math.min(copies.length, start + options.batchSize))
  }
}

/** A function copying one stored document of the template's into the copy's, with a new _id. */
function copyOf(template: PostTemplate, values: PostCopy, postId: ObjectId, now: Date): (document: Document) => Document {
  const templatePublishedAt = new Date(template.publishedAt).getTime()
  const publishedAt = new Date(values.publishedAt)
  const replace = (value: unknown, key: string): unknown => {
    if (value instanceof ObjectId) return value.toHexString() === template.id ? new ObjectId(postId) : value
    if (value instanceof Date) {
      if (key === 'createdAt' || key === 'updatedAt') return new Date(now)
      return value.getTime() === templatePublishedAt ? new Date(publishedAt) : value
    }
    if (typeof value === 'string') {
      if (value === template.id) return postId.toHexString()
      if (value === template.title) return values.title
      if (value === template.publishedAt) return values.publishedAt
      return value.replaceAll(template.slug, values.slug)
    }
    if (Array.isArray(value)) return value.map((element) => replace(element, key))
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([field, fieldValue]) => [field, replace(fieldValue, field)]))
    }
    return value
  }
  return (document) => {
    const copied = replace(document, '') as Document
    copied._id = document._id instanceof ObjectId ? (document._id.toHexString() === template.id ? new ObjectId(postId) : new ObjectId()) : document._id === template.id ? postId.toHexString() : new ObjectId().toHexString()
    return copied
  }
}
