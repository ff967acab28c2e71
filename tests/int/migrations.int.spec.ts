import type { MongooseAdapter } from '@payloadcms/db-mongodb'
import { ObjectId } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { migrations } from '@/migrations'
import { reconcileSearchIndex } from '@/plugins/search/lib/reconcileSearchIndex'
import { describeDocuments } from '../../collections/content/describeDocuments'
import { lexicalFromLines } from '@/lib/lexicalFromLines'
import { startTestServer, type TestServer } from '../helpers/startTestServer'

let server: TestServer
let db: MongooseAdapter

const LOCALIZE = '20261127_localize_content'

beforeAll(async () => {
  server = await startTestServer('migrations')
  db = server.payload.db as unknown as MongooseAdapter
})

afterAll(async () => {
  await server?.stop()
})

/** Documents as Folio stored them before it had languages: every field a plain value. */
async function writeUnlocalizedContent() {
  const now = new Date()
  const postId = new ObjectId()
  const post = {
    _id: postId,
    title: 'Written before languages',
    slug: 'written-before-languages',
    generateSlug: false,
    excerpt: 'An excerpt from the old days',
    content: lexicalFromLines(['The old body text about lighthouses.']),
    meta: { title: 'Old SEO title', description: 'Old SEO description' },
    _status: 'published',
    publishedAt: now,
    createdAt: now,
    updatedAt: now,
  }
  await db.collections.posts.collection.insertOne(post)
  const version: Record<string, unknown> = { ...post }
  delete version._id
  await db.versions.posts.collection.insertOne({ parent: postId, version, latest: true, createdAt: now, updatedAt: now })

  const pageId = new ObjectId()
  await db.collections.pages.collection.insertOne({
    _id: pageId,
    title: 'Old page',
    slug: 'old-page',
    path: '/old-page',
    breadcrumbs: [{ _id: new ObjectId().toHexString(), doc: pageId, url: '/old-page', label: 'Old page' }],
    layout: [
      { _id: new ObjectId().toHexString(), blockType: 'hero', heading: 'Old hero heading', subheading: 'Old subheading', cta: { label: 'Old label', type: 'url', url: '/posts' } },
      { _id: new ObjectId().toHexString(), blockType: 'richText', content: lexicalFromLines(['Old rich text']) },
    ],
    _status: 'published',
    createdAt: now,
    updatedAt: now,
  })
  await db.collections.categories.collection.insertOne({ title: 'Old category', slug: 'old-category', description: 'Old description', createdAt: now, updatedAt: now })
  await db.globals.collection.deleteMany({ globalType: 'site-settings' })
  await db.globals.collection.insertOne({
    globalType: 'site-settings',
    siteName: 'Old site',
    tagline: 'Old tagline',
    navigation: [{ _id: new ObjectId().toHexString(), link: { label: 'Old blog', type: 'url', url: '/posts' } }],
    createdAt: now,
    updatedAt: now,
  })
  // The unique index of the unlocalized slug, as the old schema built it.
  await db.collections.posts.collection.createIndex({ slug: 1 }, { unique: true, sparse: true, name: 'slug_1' })
  return { postId, pageId }
}

describe('the localization migration', () => {
  it('ran when the database was first connected, and is recorded', async () => {
    const { docs } = await server.payload.find({ collection: 'payload-migrations', where: { name: { equals: LOCALIZE } } })
    expect(docs).toHaveLength(1)
  })

  it('moves content written before languages into the default one, in documents, versions, blocks and globals', async () => {
    const { postId, pageId } = await writeUnlocalizedContent()
    await server.payload.delete({ collection: 'payload-migrations', where: { name: { equals: LOCALIZE } } })

    await server.payload.db.migrate({ migrations })

    const storedPost = await db.collections.posts.collection.findOne({ _id: postId })
    expect(storedPost).toMatchObject({
      title: { en: 'Written before languages' },
      slug: { en: 'written-before-languages' },
      generateSlug: { en: false },
      excerpt: { en: 'An excerpt from the old days' },
      meta: { title: { en: 'Old SEO title' }, description: { en: 'Old SEO description' } },
      _status: 'published',
    })
    expect(storedPost?.content.en.root).toBeDefined()
    const storedVersion = await db.versions.posts.collection.findOne({ parent: postId })
    expect(storedVersion?.version).toMatchObject({ title: { en: 'Written before languages' }, slug: { en: 'written-before-languages' } })
    const storedPage = await db.collections.pages.collection.findOne({ _id: pageId })
    expect(storedPage).toMatchObject({
      title: { en: 'Old page' },
      path: { en: '/old-page' },
      breadcrumbs: { en: [{ url: '/old-page', label: 'Old page' }] },
      layout: [{ heading: { en: 'Old hero heading' }, subheading: { en: 'Old subheading' }, cta: { label: { en: 'Old label' }, url: '/posts' } }, { content: { en: expect.any(Object) } }],
    })
    expect((await db.collections.posts.collection.indexes()).map((index) => index.name)).not.toContain('slug_1')

    // Read through the API as before, in English and (by fallback) in German.
    const english = await server.api('/api/posts?depth=0&where[slug][equals]=written-before-languages')
    expect(english.body.docs).toMatchObject([{ title: 'Written before languages', excerpt: 'An excerpt from the old days' }])
    const german = await server.api(`/api/posts/${postId.toHexString()}?depth=0&locale=de`)
    expect(german.body).toMatchObject({ title: 'Written before languages', slug: 'written-before-languages' })
    const page = await server.api('/api/pages?depth=0&where[path][equals]=/old-page')
    expect(page.body.docs[0].layout[0]).toMatchObject({ heading: 'Old hero heading', cta: { label: 'Old label', url: '/posts' } })
    const category = await server.api('/api/categories?depth=0&where[slug][equals]=old-category')
    expect(category.body.docs).toMatchObject([{ title: 'Old category', description: 'Old description' }])
    const settings = await server.api('/api/globals/site-settings?depth=0&locale=de')
    expect(settings.body).toMatchObject({ siteName: 'Old site', tagline: 'Old tagline', navigation: [{ link: { label: 'Old blog' } }] })

    // The migrated document can be translated, and is then found in each language by its own slug.
    const translated = await server.api(`/api/posts/${postId.toHexString()}?locale=de`, {
      method: 'PATCH',
      token: server.admin.token,
      json: { title: 'Vor den Sprachen geschrieben', slug: 'vor-den-sprachen' },
    })
    expect(translated.status).toBe(200)
    expect((await server.api('/api/posts?depth=0&locale=de&where[slug][equals]=vor-den-sprachen')).body.docs).toHaveLength(1)
    expect((await server.api('/api/posts?depth=0&where[slug][equals]=written-before-languages')).body.docs).toHaveLength(1)

    // The search index is rebuilt in every language from the migrated content.
    await reconcileSearchIndex(server.payload, ['posts', 'pages'], describeDocuments)
    const found = await server.api('/api/search/query?q=lighthouses&locale=de')
    expect(found.body.results).toMatchObject([{ id: postId.toHexString() }])
  })

  it('changes nothing when run again', async () => {
    const before = await db.collections.pages.collection.find({}).toArray()
    await server.payload.delete({ collection: 'payload-migrations', where: { name: { equals: LOCALIZE } } })
    await server.payload.db.migrate({ migrations })
    const after = await db.collections.pages.collection.find({}).toArray()
    expect(after).toEqual(before)
  })
})

describe('the submitters migration', () => {
  const SUBMITTERS = '20261128_submitter_contacts'

  it('gives submissions stored before it their submitter, and leaves the others alone', async () => {
    const submissions = db.collections['form-submissions'].collection
    const now = new Date()
    const form = new ObjectId()
    const [withName, withParts, anonymous] = [new ObjectId(), new ObjectId(), new ObjectId()]
    await submissions.insertMany([
      { _id: withName, form, submissionData: [{ field: 'name', value: ' Ada Lovelace ' }, { field: 'email', value: 'ada@example.com' }], createdAt: now, updatedAt: now },
      { _id: withParts, form, submissionData: [{ field: 'firstName', value: 'Grace' }, { field: 'lastName', value: 'Hopper' }, { field: 'message', value: 'Hi' }], createdAt: now, updatedAt: now },
      { _id: anonymous, form, submissionData: [{ field: 'message', value: 'No name given' }], createdAt: now, updatedAt: now },
    ])
    await server.payload.delete({ collection: 'payload-migrations', where: { name: { equals: SUBMITTERS } } })

    await server.payload.db.migrate({ migrations })

    expect(await submissions.findOne({ _id: withName })).toMatchObject({ submitterName: 'Ada Lovelace', submitterEmail: 'ada@example.com' })
    const parts = await submissions.findOne({ _id: withParts })
    expect(parts).toMatchObject({ submitterName: 'Grace Hopper' })
    expect(parts).not.toHaveProperty('submitterEmail')
    const none = await submissions.findOne({ _id: anonymous })
    expect(none).not.toHaveProperty('submitterName')
    expect(none).not.toHaveProperty('submitterEmail')
    const listed = await server.api(`/api/form-submissions?depth=0&where[submitterEmail][equals]=ada@example.com`, { token: server.admin.token })
    expect(listed.body.docs.map((doc: { id: string }) => doc.id)).toEqual([withName.toHexString()])
    await submissions.deleteMany({ _id: { $in: [withName, withParts, anonymous] } })
  })
})

describe('the home page path migration', () => {
  const HOME_PATH = '20261129_home_page_path'

  it('moves the home page and its sub-pages from /home to /, in pages, versions and the search index, and nothing else', async () => {
    const pages = db.collections.pages.collection
    const versions = db.versions.pages.collection
    const search = db.collections.search.collection
    const now = new Date()
    const [home, careers, about, homework] = [new ObjectId(), new ObjectId(), new ObjectId(), new ObjectId()]
    const crumb = (doc: ObjectId, url: string, label: string) => ({ id: new ObjectId().toHexString(), doc, url, label })
    const stored = {
      home: { path: { en: '/home', de: '/home' }, breadcrumbs: { en: [crumb(home, '/home', 'Home')], de: [crumb(home, '/home', 'Start')] } },
      careers: { path: { en: '/home/careers', de: '/home/karriere' }, breadcrumbs: { en: [crumb(home, '/home', 'Home'), crumb(careers, '/home/careers', 'Careers')] } },
      about: { path: { en: '/about' }, breadcrumbs: { en: [crumb(about, '/about', 'About')] } },
      // A path that only begins with the same letters stays.
      homework: { path: { en: '/homework' }, breadcrumbs: { en: [crumb(homework, '/homework', 'Homework')] } },
    }
    const base = { _status: 'published', createdAt: now, updatedAt: now }
    await pages.insertMany([
      { _id: home, title: { en: 'Home' }, slug: { en: 'home' }, ...stored.home, ...base },
      { _id: careers, title: { en: 'Careers' }, slug: { en: 'careers', de: 'karriere' }, parent: home, ...stored.careers, ...base },
      { _id: about, title: { en: 'About' }, slug: { en: 'about' }, ...stored.about, ...base },
      { _id: homework, title: { en: 'Homework' }, slug: { en: 'homework' }, ...stored.homework, ...base },
    ])
    const homeVersion = new ObjectId()
    await versions.insertOne({ _id: homeVersion, parent: home, version: { title: { en: 'Home' }, ...stored.home, ...base }, latest: true, createdAt: now, updatedAt: now })
    const homeEntry = new ObjectId()
    await search.insertOne({ _id: homeEntry, title: { en: 'Home' }, path: { en: '/home', de: '/home' }, doc: { relationTo: 'pages', value: home }, createdAt: now, updatedAt: now })
    await server.payload.delete({ collection: 'payload-migrations', where: { name: { equals: HOME_PATH } } })

    await server.payload.db.migrate({ migrations })

    const homeAfter = await pages.findOne({ _id: home })
    expect(homeAfter?.path).toEqual({ en: '/', de: '/' })
    expect(homeAfter?.breadcrumbs.en.map((c: { url: string }) => c.url)).toEqual(['/'])
    expect(homeAfter?.breadcrumbs.de).toEqual([{ ...stored.home.breadcrumbs.de[0], url: '/' }])
    const careersAfter = await pages.findOne({ _id: careers })
    expect(careersAfter?.path).toEqual({ en: '/careers', de: '/karriere' })
    expect(careersAfter?.breadcrumbs.en.map((c: { url: string }) => c.url)).toEqual(['/', '/careers'])
    expect(careersAfter?.parent).toEqual(home)
    for (const [id, before] of [[about, stored.about], [homework, stored.homework]] as const) {
      expect(await pages.findOne({ _id: id })).toMatchObject(before)
    }
    expect((await versions.findOne({ _id: homeVersion }))?.version.path).toEqual({ en: '/', de: '/' })
    expect((await search.findOne({ _id: homeEntry }))?.path).toEqual({ en: '/', de: '/' })
    // Frontends find the home page by its path now.
    const found = await server.api('/api/pages?where[path][equals]=/&depth=0&locale=en')
    expect(found.body.docs.map((doc: { id: string }) => doc.id)).toContain(home.toHexString())

    // Run again: nothing left to move.
    const snapshot = await pages.find({ _id: { $in: [home, careers, about, homework] } }).toArray()
    await server.payload.delete({ collection: 'payload-migrations', where: { name: { equals: HOME_PATH } } })
    await server.payload.db.migrate({ migrations })
    expect(await pages.find({ _id: { $in: [home, careers, about, homework] } }).toArray()).toEqual(snapshot)
    await pages.deleteMany({ _id: { $in: [home, careers, about, homework] } })
    await versions.deleteOne({ _id: homeVersion })
    await search.deleteOne({ _id: homeEntry })
  })
})
