import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { describeDocuments } from '../../collections/content/describeDocuments'
import { checkSearchIndexAtStart, reconcileSearchIndex } from '@/plugins/search/lib/reconcileSearchIndex'
import { lexicalFromLines } from '@/lib/lexicalFromLines'
import type { ApiResponse } from '../helpers/apiClient'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { createSignedInUser, type SignedInUser } from '../helpers/users'

type Result = {
  collection: string
  id: string
  title: string
  slug: string | null
  path: string | null
  snippet: string
  score: number
  publishedAt: string | null
}

type SearchAnswer = {
  query: string
  results: Result[]
  totalDocs: number
  page: number
  limit: number
  totalPages: number
  hasNextPage: boolean
  truncated: boolean
}

let server: TestServer
let editor: SignedInUser

const day = (date: string) => new Date(`${date}T12:00:00.000Z`).toISOString()

function search(params: Record<string, string>, token?: string): Promise<ApiResponse<SearchAnswer>> {
  return server.api(`/api/search/query?${new URLSearchParams(params)}`, { token })
}

async function publishPost(title: string, body: string[], publishedAt: string, context?: Record<string, unknown>) {
  return server.payload.create({
    collection: 'posts',
    data: { title, content: lexicalFromLines(body), publishedAt, _status: 'published' },
    context,
  })
}

async function publishPage(title: string, text: string, publishedAt: string) {
  return server.payload.create({
    collection: 'pages',
    data: {
      title,
      publishedAt,
      _status: 'published',
      layout: [
        { blockType: 'hero', heading: `Welcome to ${title}`, cta: { label: 'Contact us', type: 'url', url: '/contact' } },
        { blockType: 'richText', content: lexicalFromLines([text]) },
      ],
    },
  })
}

/** Index entries of one document, read directly. */
async function entriesOf(collection: 'posts' | 'pages', id: string) {
  const { docs } = await server.payload.find({
    collection: 'search',
    where: { and: [{ 'doc.relationTo': { equals: collection } }, { 'doc.value': { equals: id } }] },
    depth: 0,
  })
  return docs
}

/** The whole index as stored: a rebuild writes every entry anew, so any rebuild changes it. */
async function indexSnapshot() {
  const { docs } = await server.payload.find({ collection: 'search', depth: 0, limit: 0, pagination: false, sort: 'id' })
  return docs.map(({ id, title, updatedAt }) => ({ id, title, updatedAt }))
}

beforeAll(async () => {
  server = await startTestServer('search')
  editor = await createSignedInUser(server.payload, server.api, 'editor')
})

afterAll(async () => {
  await server?.stop()
})

describe('ranking', () => {
  it('ranks a title match above body-only matches, then newest first, over posts and pages', async () => {
    const titled = await publishPost('Zephyr gardens', ['Plants that like the wind.'], day('2024-01-01'))
    const newer = await publishPost('Weekly notes', ['The zephyr came early this year.'], day('2026-03-01'))
    const page = await publishPage('Our studio', 'A gentle zephyr of ideas blows through it.', day('2026-02-01'))

    const response = await search({ q: 'zephyr' })

    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({ query: 'zephyr', totalDocs: 3, page: 1, limit: 10, totalPages: 1, hasNextPage: false, truncated: false })
    expect(response.body.results.map(({ collection, id }) => [collection, id])).toEqual([
      ['posts', titled.id],
      ['posts', newer.id],
      ['pages', page.id],
    ])
    expect(response.body.results[0]).toMatchObject({
      title: 'Zephyr gardens',
      slug: 'zephyr-gardens',
      path: '/posts/zephyr-gardens',
      publishedAt: day('2024-01-01'),
    })
    expect(response.body.results[2]).toMatchObject({ title: 'Our studio', slug: 'our-studio', path: '/our-studio' })
    expect(response.body.results[0].score).toBeGreaterThan(response.body.results[1].score)
    expect(response.body.results[1].score).toBe(response.body.results[2].score)
  })

  it('puts the exact title first, then the title holding the phrase, all the words, some of them, and the body last', async () => {
    // Publication dates run against the expected order, so only the title can explain it.
    const titles = ['Harbour lights', 'Quiet harbour lights at dusk', 'Lights over the harbour', 'Harbour news', 'Evening walk']
    const bodies = ['Boats.', 'Boats.', 'Boats.', 'New lights on the pier.', 'We watched the harbour lights.']
    for (const [index, title] of titles.entries()) {
      await publishPost(title, [bodies[index]], day(`202${index}-06-01`))
    }
    await publishPost('Harbour closed', ['A storm is coming.'], day('2026-06-01'))

    const response = await search({ q: 'harbour lights' })

    expect(response.status).toBe(200)
    expect(response.body.results.map((result) => result.title)).toEqual(titles)
    expect(response.body.results.map((result) => result.score)).toEqual([402, 302, 202, 101, 0])
  })

  it('matches regardless of case and reads regular-expression characters literally', async () => {
    const post = await publishPost('Release notes (beta)', ['Version 2.0 of the API.'], day('2026-01-15'))

    const literal = await search({ q: '(BETA)' })
    const pattern = await search({ q: '.*' })

    expect(literal.status).toBe(200)
    expect(literal.body.results.map((result) => result.id)).toEqual([post.id])
    expect(pattern.status).toBe(200)
    expect(pattern.body.totalDocs).toBe(0)
  })

  it('pages through the ranked results', async () => {
    for (const index of [1, 2, 3]) await publishPost(`Pagination pelican ${index}`, ['Birds.'], day(`2025-0${index}-01`))

    const first = await search({ q: 'pelican', limit: '2' })
    const second = await search({ q: 'pelican', limit: '2', page: '2' })

    expect(first.body).toMatchObject({ totalDocs: 3, totalPages: 2, hasNextPage: true, page: 1, limit: 2 })
    expect(first.body.results.map((result) => result.title)).toEqual(['Pagination pelican 3', 'Pagination pelican 2'])
    expect(second.body).toMatchObject({ totalDocs: 3, hasNextPage: false, page: 2 })
    expect(second.body.results.map((result) => result.title)).toEqual(['Pagination pelican 1'])
  })
})

describe('snippets', () => {
  it('returns an HTML-escaped excerpt around the first body match with the matches marked', async () => {
    const filler = 'Some words about nothing in particular that fill the page before the point. '.repeat(4)
    await publishPost(
      'Breakfast',
      [`${filler}Grandma's <b>Marmalade</b> & toast are "classic", marmalade first. ${filler}`],
      day('2026-01-20'),
    )

    const response = await search({ q: 'marmalade' })

    expect(response.status).toBe(200)
    const { snippet } = response.body.results[0]
    expect(snippet).toContain(
      'Grandma&#39;s &lt;b&gt;<mark>Marmalade</mark>&lt;/b&gt; &amp; toast are &quot;classic&quot;, <mark>marmalade</mark> first.',
    )
    expect(snippet.startsWith('…')).toBe(true)
    expect(snippet.endsWith('…')).toBe(true)
    const text = snippet.replace(/<\/?mark>/g, '')
    expect(text).not.toMatch(/[<>]/)
    expect(text.replace(/&[a-z0-9#]+;/g, '_').length).toBeLessThanOrEqual(162)
  })

  it('marks the words of a page found by its blocks', async () => {
    await publishPage('Visit us', 'Our office has a rooftop terrace with a view.', day('2026-01-21'))

    const response = await search({ q: 'rooftop terrace' })

    expect(response.body.results).toHaveLength(1)
    expect(response.body.results[0].snippet).toContain('<mark>rooftop</mark> <mark>terrace</mark>')
  })
})

describe('only published content', () => {
  it('never finds a document that was never published, whoever asks', async () => {
    const created = await server.api('/api/posts', {
      method: 'POST',
      token: editor.token,
      json: { title: 'Wallaby plans', content: lexicalFromLines(['Secret wallaby roadmap.']), _status: 'draft' },
    })
    expect(created.status).toBe(201)
    const id = created.body.doc.id
    expect(await server.payload.findByID({ collection: 'posts', id, draft: true })).toMatchObject({ title: 'Wallaby plans', _status: 'draft' })

    const anonymous = await search({ q: 'wallaby' })
    const staff = await search({ q: 'wallaby' }, server.admin.token)

    expect(anonymous.status).toBe(200)
    expect(anonymous.body.totalDocs).toBe(0)
    expect(staff.body.totalDocs).toBe(0)
    expect(await entriesOf('posts', id)).toHaveLength(0)

    // Once published, the same query finds it: the empty answers above were about the draft.
    const published = await server.api(`/api/posts/${id}`, { method: 'PATCH', token: editor.token, json: { _status: 'published' } })
    expect(published.status).toBe(200)
    expect((await search({ q: 'wallaby' })).body.results.map((result) => result.id)).toEqual([id])
  })

  it('keeps the published text while a newer draft is edited', async () => {
    const created = await server.api('/api/posts', {
      method: 'POST',
      token: editor.token,
      json: { title: 'Walrus migration', content: lexicalFromLines(['Published walrus facts.']), _status: 'published' },
    })
    expect(created.status).toBe(201)
    const id = created.body.doc.id
    const draft = await server.api(`/api/posts/${id}?draft=true&autosave=true`, {
      method: 'PATCH',
      token: editor.token,
      json: { title: 'Narwhal migration', content: lexicalFromLines(['Unpublished narwhal facts.']), _status: 'draft' },
    })
    expect(draft.status).toBe(200)
    // The draft is stored: the empty answers below are about its not being published.
    expect((await server.payload.findByID({ collection: 'posts', id, draft: true })).title).toBe('Narwhal migration')

    const old = await search({ q: 'walrus' })
    const anonymousNew = await search({ q: 'narwhal' })
    const staffNew = await search({ q: 'narwhal' }, editor.token)

    expect(old.body.results.map(({ id: found, title }) => [found, title])).toEqual([[id, 'Walrus migration']])
    expect(old.body.results[0].snippet).toContain('Published <mark>walrus</mark> facts.')
    expect(anonymousNew.body.totalDocs).toBe(0)
    expect(staffNew.body.totalDocs).toBe(0)
    expect(await entriesOf('posts', id)).toMatchObject([{ title: 'Walrus migration' }])
  })

  it('replaces the text when the draft is published', async () => {
    const post = await publishPost('Otter report', ['Otters, published.'], day('2026-01-10'))
    const drafted = await server.api(`/api/posts/${post.id}?draft=true`, {
      method: 'PATCH',
      token: editor.token,
      json: { title: 'Beaver report', content: lexicalFromLines(['Beavers, drafted.']), _status: 'draft' },
    })
    expect(drafted.status).toBe(200)
    expect((await search({ q: 'otter' })).body.results.map((result) => result.id)).toEqual([post.id])
    expect((await search({ q: 'beaver' })).body.totalDocs).toBe(0)

    const published = await server.api(`/api/posts/${post.id}`, { method: 'PATCH', token: editor.token, json: { _status: 'published' } })

    expect(published.status).toBe(200)
    expect((await search({ q: 'beaver' })).body.results.map((result) => result.id)).toEqual([post.id])
    expect((await search({ q: 'otter' })).body.totalDocs).toBe(0)
    expect(await entriesOf('posts', post.id)).toMatchObject([{ title: 'Beaver report' }])
  })

  it('drops a document from the results when it is unpublished', async () => {
    const post = await publishPost('Lynx sightings', ['Rare cats.'], day('2026-01-11'))
    expect((await search({ q: 'lynx' })).body.totalDocs).toBe(1)

    // What the admin's Unpublish button sends.
    const unpublished = await server.api(`/api/posts/${post.id}?depth=0`, { method: 'PATCH', token: editor.token, json: { _status: 'draft' } })

    expect(unpublished.status).toBe(200)
    expect((await search({ q: 'lynx' })).body.totalDocs).toBe(0)
    expect(await entriesOf('posts', post.id)).toHaveLength(0)
  })

  it('drops a document from the results when it is deleted', async () => {
    const page = await publishPage('Ibex trail', 'Mountain goats ahead.', day('2026-01-12'))
    expect((await search({ q: 'ibex' })).body.totalDocs).toBe(1)

    const deleted = await server.api(`/api/pages/${page.id}`, { method: 'DELETE', token: editor.token })

    expect(deleted.status).toBe(200)
    expect((await search({ q: 'ibex' })).body.totalDocs).toBe(0)
    expect(await entriesOf('pages', page.id)).toHaveLength(0)
  })

  it('indexes content written while seeding', async () => {
    const post = await publishPost('Seeded heron', ['From the demo content.'], day('2026-01-13'), { isSeeding: true })

    expect((await search({ q: 'heron' })).body.results.map((result) => result.id)).toEqual([post.id])
  })
})

describe('bad input', () => {
  it.each([
    ['a missing query', {}, '"q" is required'],
    ['a blank query', { q: '   ' }, '"q" is required'],
    ['a query of quotes only', { q: '""' }, '"q" must contain a word'],
    ['a query over 200 characters', { q: 'x'.repeat(201) }, '"q" must be at most 200 characters'],
    ['a query of more than 10 words', { q: 'a b c d e f g h i j k' }, '"q" may hold at most 10 words'],
    ['a limit over 50', { q: 'zephyr', limit: '51' }, '"limit" must be a whole number from 1 to 50'],
    ['a limit of 0', { q: 'zephyr', limit: '0' }, '"limit" must be a whole number from 1 to 50'],
    ['a page that is not a number', { q: 'zephyr', page: 'two' }, '"page" must be a whole number'],
  ])('answers %s with 400 naming the parameter', async (_case, params, message) => {
    const response = await search(params)

    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ errors: [{ message: expect.stringContaining(message) }] })
  })
})

describe('the search collection', () => {
  it('refuses every write through the API, even an admin’s', async () => {
    const post = await publishPost('Locked entry', ['Nothing to change.'], day('2026-01-14'))
    const [entry] = await entriesOf('posts', post.id)
    const token = server.admin.token

    const created = await server.api('/api/search', { method: 'POST', token, json: { title: 'Planted', doc: { relationTo: 'posts', value: post.id } } })
    const updated = await server.api(`/api/search/${entry.id}`, { method: 'PATCH', token, json: { title: 'Changed' } })
    const deleted = await server.api(`/api/search/${entry.id}`, { method: 'DELETE', token })

    expect([created.status, updated.status, deleted.status]).toEqual([403, 403, 403])
    expect(await entriesOf('posts', post.id)).toMatchObject([{ id: entry.id, title: 'Locked entry' }])
    expect((await server.payload.count({ collection: 'search', where: { title: { equals: 'Planted' } } })).totalDocs).toBe(0)
  })

  it('lets staff read the index and refuses anonymous reads', async () => {
    const post = await publishPost('Indexed kestrel', ['Hovering.'], day('2026-01-18'))
    const [entry] = await entriesOf('posts', post.id)
    const anonymous = await server.api(`/api/search/${entry.id}`)
    const anonymousList = await server.api('/api/search')
    const staff = await server.api(`/api/search/${entry.id}?depth=0`, { token: editor.token })
    const staffList = await server.api(`/api/search?depth=0&where[id][equals]=${entry.id}`, { token: editor.token })

    expect(anonymous.status).toBe(403)
    expect(anonymousList.status).toBe(403)
    expect(anonymousList.body.docs).toBeUndefined()
    expect(staff.status).toBe(200)
    expect(staff.body).toMatchObject({ id: entry.id, title: 'Indexed kestrel' })
    expect(staffList.status).toBe(200)
    expect(staffList.body.docs.map((doc: { id: string }) => doc.id)).toEqual([entry.id])
  })

  it('rebuilds the index for admins only, keeping one entry per document', async () => {
    const post = await publishPost('Puffin colony', ['Seabirds.'], day('2026-01-16'))
    const page = await publishPage('Puffin watching', 'Where to see them.', day('2026-01-17'))
    await server.payload.delete({ collection: 'search', where: { 'doc.value': { equals: post.id } } })
    expect((await search({ q: 'puffin' })).body.results.map((result) => result.id)).toEqual([page.id])

    const beforeRefusal = await indexSnapshot()
    const refused = await server.api('/api/search/reindex', { method: 'POST', token: editor.token, json: { collections: ['posts'] } })
    expect(await entriesOf('posts', post.id)).toHaveLength(0)
    expect(await indexSnapshot()).toEqual(beforeRefusal)
    // The admin's Reindex button sends its JSON as text/plain.
    const rebuilt = await server.api('/api/search/reindex', {
      method: 'POST',
      token: server.admin.token,
      body: JSON.stringify({ collections: ['posts'] }),
    })

    expect(refused.status).toBe(403)
    expect(rebuilt.status).toBe(200)
    expect(rebuilt.body.message).toMatch(/^Search index rebuilt: \d+ posts$/)
    expect((await search({ q: 'puffin' })).body.results.map((result) => result.id)).toEqual([page.id, post.id])
    expect(await entriesOf('posts', post.id)).toHaveLength(1)
    // A rebuild of posts leaves the pages' entries alone.
    expect(await entriesOf('pages', page.id)).toHaveLength(1)
    const { totalDocs: publishedPosts } = await server.payload.count({ collection: 'posts', where: { _status: { equals: 'published' } } })
    expect(rebuilt.body.indexed).toEqual({ posts: publishedPosts })
    expect((await server.payload.count({ collection: 'search', where: { 'doc.relationTo': { equals: 'posts' } } })).totalDocs).toBe(publishedPosts)
  })

  it('refuses a rebuild of a collection that is not searchable, and rebuilds nothing', async () => {
    await publishPost('Rebuilt osprey', ['Fishing.'], day('2026-01-19'))
    const before = await indexSnapshot()

    const response = await server.api('/api/search/reindex', { method: 'POST', token: server.admin.token, json: { collections: ['users'] } })

    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ errors: [{ message: '"collections" must list some of: posts, pages' }] })
    expect(await indexSnapshot()).toEqual(before)
  })

  it('indexes existing published content at start-up when the index is empty', async () => {
    const post = await publishPost('Capybara meadow', ['Large rodents.'], day('2026-02-10'))
    const page = await publishPage('Capybara visits', 'Book a tour.', day('2026-02-11'))
    const before = (await server.payload.count({ collection: 'search' })).totalDocs
    await server.payload.delete({ collection: 'search', where: { id: { exists: true } } })
    expect((await search({ q: 'capybara' })).body.totalDocs).toBe(0)

    await reconcileSearchIndex(server.payload, ['posts', 'pages'], describeDocuments)

    expect((await server.payload.count({ collection: 'search' })).totalDocs).toBe(before)
    expect((await search({ q: 'capybara' })).body.results.map((result) => result.id)).toEqual([page.id, post.id])
  })

  it('checks the index at start-up only after an unclean stop or when it is missing', async () => {
    const post = await publishPost('Axolotl pond', ['About axolotls.'], day('2026-04-01'))
    // A write the search hooks never saw, as a process killed in between leaves it.
    await server.payload.db.deleteMany({ collection: 'search', where: { 'doc.value': { equals: post.id } } })
    const RUNNING = 'folio:search:running'

    // The previous process stopped cleanly (no mark): nothing is read, the gap stays.
    await server.payload.kv.delete(RUNNING)
    expect(await checkSearchIndexAtStart(server.payload, ['posts', 'pages'], describeDocuments)).toBe('clean')
    expect(await entriesOf('posts', post.id)).toEqual([])
    // This process is marked as running now; it stopping uncleanly leaves the mark for the next start.
    expect(await server.payload.kv.has(RUNNING)).toBe(true)
    expect(await checkSearchIndexAtStart(server.payload, ['posts', 'pages'], describeDocuments)).toEqual({ posts: { indexed: 1, removed: 0 }, pages: { indexed: 0, removed: 0 } })
    expect(await entriesOf('posts', post.id)).toHaveLength(1)

    // A clean stop, then an index that is gone while published content exists: filled.
    await server.payload.kv.delete(RUNNING)
    const before = (await server.payload.count({ collection: 'search' })).totalDocs
    await server.payload.db.deleteMany({ collection: 'search', where: { id: { exists: true } } })
    const filled = await checkSearchIndexAtStart(server.payload, ['posts', 'pages'], describeDocuments)
    expect(filled).not.toBe('clean')
    expect((await server.payload.count({ collection: 'search' })).totalDocs).toBe(before)
  })

  it('repairs at start-up what a crash between a write and its indexing left behind', async () => {
    const changed = await publishPost('Quokka original', ['About quokkas.'], day('2026-03-01'))
    const removed = await publishPost('Wombat to remove', ['About wombats.'], day('2026-03-02'))
    const unindexed = await publishPost('Numbat never indexed', ['About numbats.'], day('2026-03-03'))
    // Writes straight to the database, as if the process died before the search hooks ran.
    const [indexedBefore] = await entriesOf('posts', changed.id)
    const justAfter = new Date(Date.parse(indexedBefore.updatedAt) + 1).toISOString()
    await server.payload.db.updateOne({ collection: 'posts', id: changed.id, data: { title: { en: 'Quokka renamed' }, updatedAt: justAfter } })
    await server.payload.db.updateOne({ collection: 'posts', id: removed.id, data: { _status: 'draft' } })
    await server.payload.db.deleteMany({ collection: 'search', where: { 'doc.value': { equals: unindexed.id } } })
    await server.payload.db.create({ collection: 'search', data: { doc: { relationTo: 'posts', value: changed.id }, title: { en: 'Quokka duplicate' }, priority: 0 } })

    const reconciled = await reconcileSearchIndex(server.payload, ['posts', 'pages'], describeDocuments)

    expect(reconciled.posts).toEqual({ indexed: 2, removed: 2 })
    expect(reconciled.pages).toEqual({ indexed: 0, removed: 0 })
    const [entry, ...others] = await entriesOf('posts', changed.id)
    expect(others).toEqual([])
    expect(entry.title).toBe('Quokka renamed')
    expect(await entriesOf('posts', removed.id)).toEqual([])
    expect(await entriesOf('posts', unindexed.id)).toHaveLength(1)
    expect(await reconcileSearchIndex(server.payload, ['posts', 'pages'], describeDocuments)).toEqual({ posts: { indexed: 0, removed: 0 }, pages: { indexed: 0, removed: 0 } })
  })
})
