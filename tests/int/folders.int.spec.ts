import type { MongooseAdapter } from '@payloadcms/db-mongodb'
import { ObjectId } from 'mongodb'
import { createLocalReq, getFolderData, type Where } from 'payload'
import { buildFolderWhereConstraints } from 'payload/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { FOLDERS } from '../../collections/folders'
import { generateImage } from '@/lib/generateImage'
import { createDocument } from '../helpers/documents'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { createSignedInUser, type SignedInUser } from '../helpers/users'

/**
 * Payload's folders on media, posts and pages: a folder's contents as the admin's Browse by Folder
 * reads them (Payload's getFolderData: one find of the folder with its `documentsAndFolders` join,
 * sub-folders and documents of several collections sorted and paged together), over REST and the
 * Local API, and who may see and change folders.
 */

let server: TestServer
let editor: SignedInUser
let author: SignedInUser
/** A folder holding two sub-folders and three images, made in this order. */
let campaign: string
let subfolders: { assets: string; brand: string }
let images: { hero: string; banner: string; authorsOwn: string }

const image = async (alt: string, uploadedBy?: string) =>
  String(
    (
      await server.payload.create({
        collection: 'media',
        data: { alt, folder: campaign, ...(uploadedBy ? { uploadedBy } : {}) },
        file: { data: await generateImage(['#224466', '#ffffff'], 1, 32, 32), mimetype: 'image/png', name: `${alt}.png`, size: 1 },
      })
    ).id,
  )

type JoinEntry = { relationTo: string; value: { id: string; name?: string; alt?: string } }
type Contents = { docs: JoinEntry[]; hasNextPage: boolean; totalDocs?: number }

/** The folder's contents over REST, with the join's query parameters. */
async function contentsOverRest(folder: string, join: Record<string, string | number | boolean>, token = server.admin.token) {
  const query = Object.entries(join)
    .map(([key, value]) => `joins[documentsAndFolders][${key}]=${encodeURIComponent(String(value))}`)
    .join('&')
  return server.api(`/api/${FOLDERS}/${folder}?depth=1&${query}`, { token })
}

const labelOf = (entry: JoinEntry) => `${entry.relationTo}:${entry.value.name ?? entry.value.alt}`

beforeAll(async () => {
  server = await startTestServer('folders')
  editor = await createSignedInUser(server.payload, server.api, 'editor')
  author = await createSignedInUser(server.payload, server.api, 'author')
  campaign = (await createDocument(server, FOLDERS, { name: 'Campaign' })).id
  const brand = (await createDocument(server, FOLDERS, { name: 'Brand', folder: campaign })).id
  images = { hero: await image('Hero'), banner: await image('Banner'), authorsOwn: await image('Author’s own', String(author.user.id)) }
  const assets = (await createDocument(server, FOLDERS, { name: 'Assets', folder: campaign })).id
  subfolders = { assets, brand }
})

afterAll(async () => {
  await server?.stop()
})

describe("a folder's contents (Browse by Folder)", () => {
  it('lists sub-folders and media together, sorted by name as the admin asks: documents without a name first', async () => {
    const response = await contentsOverRest(campaign, { sort: 'name', count: true })
    expect(response.status).toBe(200)
    const contents: Contents = response.body.documentsAndFolders
    expect(contents.totalDocs).toBe(5)
    expect(contents.hasNextPage).toBe(false)
    // Media have no `name`: they sort as null, before every folder, in an order MongoDB leaves open.
    expect(contents.docs.slice(0, 3).map(labelOf).sort()).toEqual(['media:Author’s own', 'media:Banner', 'media:Hero'])
    expect(contents.docs.slice(3).map(labelOf)).toEqual(['payload-folders:Assets', 'payload-folders:Brand'])
  })

  it('pages newest first across both collections, saying when more follow', async () => {
    const first = await contentsOverRest(campaign, { sort: '-createdAt', limit: 2, count: true })
    expect(first.status).toBe(200)
    expect(first.body.documentsAndFolders.docs.map(labelOf)).toEqual(['payload-folders:Assets', 'media:Author’s own'])
    expect(first.body.documentsAndFolders.hasNextPage).toBe(true)
    expect(first.body.documentsAndFolders.totalDocs).toBe(5)
    const second = await contentsOverRest(campaign, { sort: '-createdAt', limit: 2, page: 2 })
    expect(second.status).toBe(200)
    expect(second.body.documentsAndFolders.docs.map(labelOf)).toEqual(['media:Banner', 'media:Hero'])
    const all = await contentsOverRest(campaign, { sort: 'createdAt', limit: 5 })
    expect(all.body.documentsAndFolders.docs.map(labelOf)).toEqual(['payload-folders:Brand', 'media:Hero', 'media:Banner', 'media:Author’s own', 'payload-folders:Assets'])
    expect(all.body.documentsAndFolders.hasNextPage).toBe(false)
  })

  it("answers Payload's folder view data (getFolderData, with the filters Browse by Folder builds) for an editor", async () => {
    const user = await server.payload.findByID({ collection: 'users', id: editor.user.id })
    const req = await createLocalReq({ user: { ...user, collection: 'users' } }, server.payload)
    const shown = ['media', 'posts', 'pages'] as const
    const constraints = async (slug: typeof FOLDERS | (typeof shown)[number]) =>
      (await buildFolderWhereConstraints({ collectionConfig: server.payload.collections[slug].config, folderID: campaign, localeCode: 'en', req, sort: 'name' })) as Where
    const folderWhere: Where = { and: [await constraints(FOLDERS), { or: [{ folderType: { in: [...shown] } }, { folderType: { exists: false } }] }] }
    const documentWhere: Where = { or: await Promise.all(shown.map(constraints)) }
    const data = await getFolderData({ documentWhere, folderID: campaign, folderWhere, req, sort: 'name' })
    expect(data.breadcrumbs?.map((crumb) => crumb.name)).toEqual(['Campaign'])
    expect(data.subfolders.map((item) => item.value._folderOrDocumentTitle)).toEqual(['Assets', 'Brand'])
    expect(data.documents.map((item) => item.value._folderOrDocumentTitle)).toEqual(['Author’s own', 'Banner', 'Hero'])
  })

  it('stores a folder made without a type, or with its types cleared, as accepting every collection (null, which the views look for)', async () => {
    const stored = async (id: string) => (await (server.payload.db as MongooseAdapter).collections[FOLDERS].collection.findOne({ _id: new ObjectId(id) }))?.folderType
    const typed = await createDocument(server, FOLDERS, { name: 'Images only', folderType: ['media'], folder: campaign }, { token: editor.token })
    expect(await stored(typed.id)).toEqual(['media'])
    await server.api(`/api/${FOLDERS}/${typed.id}`, { method: 'PATCH', token: editor.token, json: { folderType: [] } })
    expect(await stored(typed.id)).toBeNull()
    expect(await stored(subfolders.brand)).toBeNull()
    await server.payload.delete({ collection: FOLDERS, id: typed.id })
  })

  it('answers the Local API find the admin view makes, for an author, with the join filtered to media', async () => {
    const user = await server.payload.findByID({ collection: 'users', id: author.user.id })
    const result = await server.payload.find({
      collection: FOLDERS,
      where: { id: { equals: campaign } },
      joins: { documentsAndFolders: { limit: 100_000_000, sort: 'name', where: { relationTo: { equals: 'media' } } } },
      select: { documentsAndFolders: true, folderType: true },
      depth: 1,
      draft: true,
      limit: 1,
      overrideAccess: false,
      user: { ...user, collection: 'users' },
    })
    expect(result.docs).toHaveLength(1)
    const docs = (result.docs[0].documentsAndFolders?.docs ?? []) as JoinEntry[]
    expect(docs.map(labelOf).sort()).toEqual(['media:Author’s own', 'media:Banner', 'media:Hero'])
  })

  it('shows a sub-folder with what was moved into it (the move in the audit log), and the folder it left without it', async () => {
    const moved = await server.api(`/api/media/${images.banner}?depth=0`, { method: 'PATCH', token: editor.token, json: { folder: subfolders.brand } })
    expect(moved.status).toBe(200)
    expect(moved.body.doc.folder).toBe(subfolders.brand)
    const audit = await server.payload.find({ collection: 'audit-log', where: { documentId: { equals: images.banner }, action: { equals: 'update' } }, depth: 0 })
    expect(audit.docs.map((entry) => [entry.user, entry.changedFields])).toEqual([[editor.user.id, ['folder']]])
    const brand = await contentsOverRest(subfolders.brand, { count: true })
    expect(brand.body.documentsAndFolders.docs.map(labelOf)).toEqual(['media:Banner'])
    expect(brand.body.documentsAndFolders.totalDocs).toBe(1)
    const rest = await contentsOverRest(campaign, { count: true })
    expect(rest.body.documentsAndFolders.totalDocs).toBe(4)
    await server.payload.update({ collection: 'media', id: images.banner, data: { folder: campaign } })
  })

  it('files posts and pages too', async () => {
    const post = await createDocument(server, 'posts', { title: 'Filed post', folder: subfolders.assets, _status: 'draft' })
    const page = await createDocument(server, 'pages', { title: 'Filed page', folder: subfolders.assets, _status: 'draft' })
    const response = await contentsOverRest(subfolders.assets, { count: true })
    expect(response.status).toBe(200)
    expect(response.body.documentsAndFolders.docs.map((entry: JoinEntry) => `${entry.relationTo}:${entry.value.id}`).sort()).toEqual([`pages:${page.id}`, `posts:${post.id}`])
    expect(response.body.documentsAndFolders.totalDocs).toBe(2)
    await server.payload.delete({ collection: 'posts', id: post.id })
    await server.payload.delete({ collection: 'pages', id: page.id })
  })
})

describe('who may see and change folders', () => {
  it('refuses anonymous visitors the folders, with the error envelope', async () => {
    const list = await server.api(`/api/${FOLDERS}`)
    expect(list.status).toBe(403)
    expect(list.body.errors).toMatchObject([{ message: expect.stringMatching(/not allowed/i), code: 'FORBIDDEN' }])
    const one = await server.api(`/api/${FOLDERS}/${campaign}`)
    expect(one.status).toBe(403)
    expect(one.body.errors[0].code).toBe('FORBIDDEN')
  })

  it('gives anonymous visitors of a public image the folder as an ID only, not its name', async () => {
    const response = await server.api(`/api/media/${images.hero}?depth=2`)
    expect(response.status).toBe(200)
    expect(response.body.folder).toBe(campaign)
  })

  it('lets an author read folders but not create, rename or delete one', async () => {
    expect((await server.api(`/api/${FOLDERS}/${campaign}?depth=0`, { token: author.token })).body.name).toBe('Campaign')
    const create = await server.api(`/api/${FOLDERS}`, { method: 'POST', token: author.token, json: { name: 'Mine' } })
    expect(create.status).toBe(403)
    expect(create.body.errors[0].code).toBe('FORBIDDEN')
    const rename = await server.api(`/api/${FOLDERS}/${campaign}`, { method: 'PATCH', token: author.token, json: { name: 'Renamed' } })
    expect(rename.status).toBe(403)
    const remove = await server.api(`/api/${FOLDERS}/${campaign}`, { method: 'DELETE', token: author.token })
    expect(remove.status).toBe(403)
    const stored = await server.payload.find({ collection: FOLDERS, where: { name: { in: ['Mine', 'Renamed'] } } })
    expect(stored.totalDocs).toBe(0)
    expect((await server.payload.findByID({ collection: FOLDERS, id: campaign })).name).toBe('Campaign')
  })

  it("lets an author file an own upload into a folder, and nobody else's", async () => {
    const own = await server.api(`/api/media/${images.authorsOwn}?depth=0`, { method: 'PATCH', token: author.token, json: { folder: subfolders.assets } })
    expect(own.status).toBe(200)
    expect(own.body.doc.folder).toBe(subfolders.assets)
    const other = await server.api(`/api/media/${images.hero}?depth=0`, { method: 'PATCH', token: author.token, json: { folder: subfolders.assets } })
    expect(other.status).toBe(403)
    expect(other.body.errors[0].code).toBe('FORBIDDEN')
    expect((await server.payload.findByID({ collection: 'media', id: images.hero, depth: 0 })).folder).toBe(campaign)
    await server.payload.update({ collection: 'media', id: images.authorsOwn, data: { folder: campaign } })
  })

  it('lets an editor create, rename and delete a folder; deleting takes its documents out of it', async () => {
    const created = await createDocument(server, FOLDERS, { name: 'Temporary', folder: campaign }, { token: editor.token })
    const renamed = await server.api(`/api/${FOLDERS}/${created.id}?depth=0`, { method: 'PATCH', token: editor.token, json: { name: 'Short-lived' } })
    expect(renamed.status).toBe(200)
    expect(renamed.body.doc.name).toBe('Short-lived')
    const filed = await image('Filed for a moment')
    await server.payload.update({ collection: 'media', id: filed, data: { folder: created.id } })
    const removed = await server.api(`/api/${FOLDERS}/${created.id}`, { method: 'DELETE', token: editor.token })
    expect(removed.status).toBe(200)
    expect((await server.payload.find({ collection: FOLDERS, where: { id: { equals: created.id } } })).totalDocs).toBe(0)
    expect((await server.payload.findByID({ collection: 'media', id: filed, depth: 0 })).folder ?? null).toBeNull()
    await server.payload.delete({ collection: 'media', id: filed })
  })

  it('refuses a folder without a name and a document filed into a folder that does not exist, with 400', async () => {
    const nameless = await server.api(`/api/${FOLDERS}`, { method: 'POST', token: editor.token, json: {} })
    expect(nameless.status).toBe(400)
    expect(nameless.body.errors[0].message).toMatch(/invalid/i)
    const nowhere = await server.api(`/api/media/${images.hero}`, { method: 'PATCH', token: editor.token, json: { folder: '0123456789abcdef01234567' } })
    expect(nowhere.status).toBe(400)
    expect(nowhere.body.errors[0].message).toMatch(/invalid/i)
    expect((await server.payload.findByID({ collection: 'media', id: images.hero, depth: 0 })).folder).toBe(campaign)
  })

  it("holds folders to Folio's input and query checks like every collection (an unknown field, a MongoDB operator)", async () => {
    const unknownField = await server.api(`/api/${FOLDERS}`, { method: 'POST', token: editor.token, json: { name: 'Odd', colour: 'red' } })
    expect(unknownField.status).toBe(400)
    expect(unknownField.body.errors[0].code).toBe('UNKNOWN_FIELDS')
    const operator = await server.api(`/api/${FOLDERS}?where[name][equals][$ne]=x`, { token: editor.token })
    expect(operator.status).toBe(400)
    expect(operator.body.errors[0].code).toBe('INVALID_QUERY')
    expect((await server.payload.find({ collection: FOLDERS, where: { name: { equals: 'Odd' } } })).totalDocs).toBe(0)
  })

  it.each([
    ['a filter on a field none of the joined collections has', 'joins[documentsAndFolders][where][nonexistent][equals]=1', 'where.nonexistent'],
    ['a filter with an operator that does not fit the field', 'joins[documentsAndFolders][where][name][near]=1,2', 'where.name.near'],
    ['a sort by a field none of them has', 'joins[documentsAndFolders][sort]=-nonexistent', 'sort'],
  ])('refuses a join query with %s, with 400 and its code', async (_label, query, names) => {
    const response = await server.api(`/api/${FOLDERS}/${campaign}?${query}`, { token: editor.token })
    expect(response.status).toBe(400)
    expect(response.body.errors).toMatchObject([{ code: 'INVALID_QUERY', message: expect.stringContaining(`joins.documentsAndFolders.${names}`) }])
  })

  it('accepts a join query on fields of any of the joined collections, and on the collection each came from', async () => {
    const response = await contentsOverRest(campaign, { 'where][alt][equals': 'Hero', sort: 'name', count: true })
    expect(response.status).toBe(200)
    expect(response.body.documentsAndFolders.docs.map(labelOf)).toEqual(['media:Hero'])
    const byCollection = await contentsOverRest(campaign, { 'where][relationTo][equals': FOLDERS, count: true })
    expect(byCollection.status).toBe(200)
    expect(byCollection.body.documentsAndFolders.totalDocs).toBe(2)
  })
})
