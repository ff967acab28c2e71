import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createDocument, updateDocument } from '../helpers/documents'
import { runJobsUntilIdle } from '../helpers/jobs'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { createEndpoint } from '../helpers/webhookEndpoints'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhookReceiver'

let server: TestServer
let hook: WebhookReceiver

beforeAll(async () => {
  hook = await startWebhookReceiver()
  Object.assign(process.env, { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', LOCALES: 'en,de' })
  server = await startTestServer('localization')
})

afterAll(async () => {
  await server?.stop()
  await hook?.close()
})

/** A published post written in English, then translated into German (title, slug and excerpt). */
async function translatedPost(words: { en: string; de: string }) {
  const post = await createDocument(server, 'posts', {
    title: `${words.en} title`,
    slug: `${words.en}-post`,
    excerpt: `${words.en} excerpt`,
    _status: 'published',
    authors: [server.admin.user.id],
  })
  await updateDocument(server, 'posts', post.id, { title: `${words.de} Titel`, slug: `${words.de}-beitrag`, _status: 'published' }, { query: '?depth=0&locale=de' })
  return post
}

describe('reading in a language', () => {
  it('answers each language, and an untranslated field in the default language unless told not to', async () => {
    const post = await translatedPost({ en: 'harbour', de: 'hafen' })

    const english = await server.api(`/api/posts/${post.id}?depth=0`)
    expect(english.body).toMatchObject({ title: 'harbour title', slug: 'harbour-post', excerpt: 'harbour excerpt' })
    const german = await server.api(`/api/posts/${post.id}?depth=0&locale=de`)
    expect(german.body).toMatchObject({ title: 'hafen Titel', slug: 'hafen-beitrag', excerpt: 'harbour excerpt' })
    const noFallback = await server.api(`/api/posts/${post.id}?depth=0&locale=de&fallback-locale=none`)
    expect(noFallback.body.title).toBe('hafen Titel')
    expect(noFallback.body.excerpt ?? null).toBeNull()
    const all = await server.api(`/api/posts/${post.id}?depth=0&locale=all`)
    expect(all.body.title).toEqual({ en: 'harbour title', de: 'hafen Titel' })
  })

  it('finds a document by the slug of the language asked for', async () => {
    await translatedPost({ en: 'lantern', de: 'laterne' })
    const german = await server.api('/api/posts?depth=0&locale=de&where[slug][equals]=laterne-beitrag')
    expect(german.body.docs.map((doc: { title: string }) => doc.title)).toEqual(['laterne Titel'])
    const englishSlugInGerman = await server.api('/api/posts?depth=0&locale=de&where[slug][equals]=lantern-post')
    expect(englishSlugInGerman.body.docs).toEqual([])
  })

  it('takes the language as a GraphQL argument', async () => {
    const post = await translatedPost({ en: 'meadow', de: 'wiese' })
    const query = (locale: string) => `{ Post(id: "${post.id}", locale: ${locale}) { title slug } }`
    const german = await server.api('/api/graphql', { method: 'POST', json: { query: query('de') } })
    expect(german.body.data.Post).toEqual({ title: 'wiese Titel', slug: 'wiese-beitrag' })
    const english = await server.api('/api/graphql', { method: 'POST', json: { query: query('en') } })
    expect(english.body.data.Post).toEqual({ title: 'meadow title', slug: 'meadow-post' })
  })

  it('refuses a language Folio does not have, naming it and the ones it has', async () => {
    const unknown = await server.api('/api/posts?locale=fr')
    expect(unknown.status).toBe(400)
    expect(unknown.body.errors[0]).toMatchObject({ message: expect.stringContaining('"locale" must be one of en, de, all') })
    const unknownFallback = await server.api('/api/posts?fallback-locale=xx')
    expect(unknownFallback.status).toBe(400)
    expect(unknownFallback.body.errors[0].message).toContain('"fallback-locale"')
  })
})

describe('slugs', () => {
  it('are unique per language: the same slug in two languages is allowed, twice in one is refused with nothing changed', async () => {
    const first = await translatedPost({ en: 'orchard', de: 'obstgarten' })
    // Another post may use, in German, the slug the first one has in English.
    const second = await createDocument(server, 'posts', { title: 'Second', slug: 'second-post', _status: 'published', authors: [server.admin.user.id] })
    const reused = await server.api(`/api/posts/${second.id}?locale=de`, { method: 'PATCH', token: server.admin.token, json: { title: 'Zweiter', slug: 'orchard-post' } })
    expect(reused.status).toBe(200)

    const taken = await server.api(`/api/posts/${second.id}?locale=de`, { method: 'PATCH', token: server.admin.token, json: { title: 'Zweiter', slug: 'obstgarten-beitrag' } })
    expect(taken.status).toBe(400)
    expect(JSON.stringify(taken.body)).toContain('The slug \\"obstgarten-beitrag\\" is already used by another document')
    const stored = await server.api(`/api/posts/${second.id}?depth=0&locale=de`, { token: server.admin.token })
    expect(stored.body.slug).toBe('orchard-post')
    expect((await server.api(`/api/posts/${first.id}?depth=0&locale=de`)).body.slug).toBe('obstgarten-beitrag')
  })
})

describe('the response cache', () => {
  it('keeps each language apart and drops a language’s answer when its translation changes', async () => {
    const post = await translatedPost({ en: 'beacon', de: 'leuchtturm' })
    const read = (locale: string) => server.api(`/api/posts/${post.id}?depth=0&locale=${locale}`)
    await read('en')
    await read('de')
    const [english, german] = [await read('en'), await read('de')]
    expect([english.headers.get('x-cache'), german.headers.get('x-cache')]).toEqual(['HIT', 'HIT'])
    expect([english.body.title, german.body.title]).toEqual(['beacon title', 'leuchtturm Titel'])

    await updateDocument(server, 'posts', post.id, { title: 'Neuer Leuchtturm', _status: 'published' }, { query: '?depth=0&locale=de' })
    const after = await read('de')
    expect(after.body.title).toBe('Neuer Leuchtturm')
    expect((await read('en')).body.title).toBe('beacon title')
  })
})

describe('search', () => {
  it('finds a document in every language, by its own words once translated', async () => {
    const post = await createDocument(server, 'posts', { title: 'Zeppelin hangar', excerpt: 'airship', _status: 'published', authors: [server.admin.user.id] })
    const search = async (q: string, locale: string) =>
      (await server.api(`/api/search/query?q=${encodeURIComponent(q)}&locale=${locale}`)).body.results.map((result: { id: string; title: string; path: string }) => result)

    // Untranslated: found in German by its English words, at its English path.
    expect(await search('zeppelin', 'de')).toMatchObject([{ id: post.id, title: 'Zeppelin hangar', path: '/posts/zeppelin-hangar' }])

    await updateDocument(server, 'posts', post.id, { title: 'Luftschiffhalle', slug: 'luftschiffhalle', _status: 'published' }, { query: '?depth=0&locale=de' })
    expect(await search('luftschiffhalle', 'de')).toMatchObject([{ id: post.id, title: 'Luftschiffhalle', path: '/posts/luftschiffhalle' }])
    expect(await search('luftschiffhalle', 'en')).toEqual([])
    expect(await search('zeppelin', 'en')).toMatchObject([{ id: post.id, title: 'Zeppelin hangar' }])
  })

  it('refuses to search every language at once', async () => {
    const response = await server.api('/api/search/query?q=zeppelin&locale=all')
    expect(response.status).toBe(400)
    expect(response.body.errors[0].message).toContain('"locale"')
  })
})

describe('webhooks and the audit log', () => {
  it('name the language a change was made in, and the event carries the document in it', async () => {
    await createEndpoint(server, { url: hook.url, events: ['updated'], collections: ['categories'] })
    const category = await createDocument(server, 'categories', { title: 'Weather' })
    await updateDocument(server, 'categories', category.id, { title: 'Wetter' }, { query: '?depth=0&locale=de' })
    await runJobsUntilIdle(server.payload)
    const [event] = await hook.waitForSuccesses(1, (webhook) => webhook.json.data.id === category.id)
    expect(event.json.data).toMatchObject({ collection: 'categories', locale: 'de', document: { title: 'Wetter' } })

    const audit = await server.api(`/api/audit-log?depth=0&sort=createdAt&where[documentId][equals]=${category.id}`, { token: server.admin.token })
    expect(audit.body.docs.map((entry: { action: string; locale: string; documentTitle: string }) => [entry.action, entry.locale, entry.documentTitle])).toEqual([
      ['create', 'en', 'Weather'],
      ['update', 'de', 'Wetter'],
    ])
  })
})

describe('the API description', () => {
  it('lists the languages a request may ask for', async () => {
    const spec = (await server.api('/api/openapi.json')).body
    const parameters = spec.paths['/api/posts'].get.parameters as { name: string; schema: { enum?: string[] } }[]
    expect(parameters.find((parameter) => parameter.name === 'locale')?.schema.enum).toEqual(['en', 'de', 'all'])
    expect(parameters.find((parameter) => parameter.name === 'fallback-locale')?.schema.enum).toEqual(['en', 'de', 'none'])
  })
})
