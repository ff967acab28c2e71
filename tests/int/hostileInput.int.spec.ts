import fs from 'node:fs'
import net from 'node:net'

import sharp from 'sharp'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { runJobsUntilIdle } from '../helpers/jobs'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { createSignedInUser, type SignedInUser } from '../helpers/users'
import { createEndpoint } from '../helpers/webhookEndpoints'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhookReceiver'

/**
 * Every request the hardening review found answered with a 500 (or held open) gets a clear 4xx in
 * Folio's envelope, leaks nothing about the server, and changes nothing stored.
 */

let server: TestServer
let receiver: WebhookReceiver
let author: SignedInUser
let editor: SignedInUser
let categoryId: string

const REQUEST_TIMEOUT_MS = 1500
const BODY_TIMEOUT_MS = 1000
/** What must never reach a client: stack frames, file paths, library error names. */
const LEAK = /node_modules|\/work\/|\/home\/|\/tmp\/|\bat [\w.<>]+ \(|CastError|TypeError|RangeError|MongoServerError|busboy|mongoose/i

type Answer = { status: number; body: any; text: string }

async function send(path: string, init: RequestInit & { token?: string } = {}): Promise<Answer> {
  const headers = new Headers(init.headers)
  if (init.token) headers.set('Authorization', `JWT ${init.token}`)
  const response = await fetch(`${server.url}${path}`, { ...init, headers })
  const text = await response.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    // not JSON: asserted below as a failure where JSON is expected
  }
  return { status: response.status, body, text }
}

function expectRefusal(answer: Answer, status: number, code: string, message?: RegExp) {
  expect(answer.status, answer.text).toBe(status)
  expect(answer.body.errors[0].code).toBe(code)
  if (message) expect(answer.body.errors[0].message).toMatch(message)
  expect(answer.text).not.toMatch(LEAK)
}

/** Opens a raw connection, writes `head`, and resolves with what the server sent before closing. */
function rawExchange(head: string): Promise<{ received: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const socket = net.connect(server.port, '127.0.0.1', () => socket.write(head))
    let received = ''
    socket.on('data', (chunk) => (received += chunk.toString()))
    socket.on('close', () => resolve({ received, closedAfterMs: Date.now() - started }))
    socket.on('error', reject)
    socket.setTimeout(REQUEST_TIMEOUT_MS * 10, () => {
      socket.destroy()
      reject(new Error('the server held the connection open'))
    })
  })
}

async function tinyPng(): Promise<Buffer> {
  return sharp({ create: { width: 4, height: 4, channels: 3, background: '#0ea5e9' } }).png().toBuffer()
}

const count = async (collection: 'posts' | 'pages' | 'categories' | 'media' | 'users' | 'audit-log' | 'webhook-events') =>
  (await server.payload.count({ collection })).totalDocs

/**
 * Everything a refused request must leave as it was: the documents, the files on disk, the audit
 * log and webhook events (an endpoint subscribes to every change).
 */
async function traces() {
  await runJobsUntilIdle(server.payload)
  return {
    posts: await count('posts'),
    pages: await count('pages'),
    categories: await count('categories'),
    media: await count('media'),
    users: await count('users'),
    files: fs.readdirSync(server.environment.mediaDir).sort(),
    auditEntries: await count('audit-log'),
    webhookEvents: await count('webhook-events'),
    received: receiver.received.length,
  }
}

/** A category as stored, read through the Local API. */
const storedCategory = (id: string) => server.payload.findByID({ collection: 'categories', id, depth: 0 })

beforeAll(async () => {
  process.env.HTTP_REQUEST_TIMEOUT_MS = String(REQUEST_TIMEOUT_MS)
  process.env.HTTP_HEADERS_TIMEOUT_MS = String(REQUEST_TIMEOUT_MS)
  process.env.HTTP_BODY_TIMEOUT_MS = String(BODY_TIMEOUT_MS)
  process.env.GRAPHQL_INTROSPECTION = 'signed-in'
  process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1'
  server = await startTestServer('hostile_input')
  receiver = await startWebhookReceiver()
  await createEndpoint(server, { url: receiver.url, events: ['created', 'updated', 'deleted', 'published', 'unpublished'] })
  author = await createSignedInUser(server.payload, server.api, 'author')
  editor = await createSignedInUser(server.payload, server.api, 'editor')
  categoryId = String((await server.payload.create({ collection: 'categories', data: { title: 'Existing' } })).id)
})

afterAll(async () => {
  delete process.env.HTTP_REQUEST_TIMEOUT_MS
  delete process.env.HTTP_HEADERS_TIMEOUT_MS
  delete process.env.HTTP_BODY_TIMEOUT_MS
  delete process.env.GRAPHQL_INTROSPECTION
  delete process.env.WEBHOOK_ALLOWED_HOSTS
  await server?.stop()
  await receiver?.close()
})

describe('request bodies', () => {
  it.each([
    ['login', '/api/users/login'],
    ['a collection', '/api/categories'],
  ])('multipart with an empty boundary (%s): 400, nothing stored', async (_name, path) => {
    const before = await traces()
    const answer = await send(path, { method: 'POST', token: editor.token, headers: { 'Content-Type': 'multipart/form-data; boundary=' }, body: 'x' })
    expectRefusal(answer, 400, 'INVALID_MULTIPART', /boundary/)
    expect(await traces()).toEqual(before)
  })

  it('multipart that never reaches its closing boundary: 400, nothing stored', async () => {
    const before = await traces()
    const answer = await send('/api/categories', {
      method: 'POST',
      token: editor.token,
      headers: { 'Content-Type': 'multipart/form-data; boundary=folio' },
      body: '--folio\r\nContent-Disposition: form-data; name="_payload"\r\n\r\n{"title":"Cut short"}',
    })
    expectRefusal(answer, 400, 'INVALID_MULTIPART')
    expect(await traces()).toEqual(before)
  })

  it('a truncated upload to media: 400, nothing stored', async () => {
    const before = await traces()
    const answer = await send('/api/media', {
      method: 'POST',
      token: editor.token,
      headers: { 'Content-Type': 'multipart/form-data; boundary=folio' },
      body: '--folio\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n',
    })
    expectRefusal(answer, 400, 'INVALID_MULTIPART')
    expect(await traces()).toEqual(before)
  })

  it('multipart to GraphQL: 415, nothing stored', async () => {
    const before = await traces()
    const answer = await send('/api/graphql', { method: 'POST', headers: { 'Content-Type': 'multipart/form-data; boundary=x' }, body: '--x--' })
    expectRefusal(answer, 415, 'UNSUPPORTED_MEDIA_TYPE')
    expect(await traces()).toEqual(before)
  })

  it('text that is not JSON: 400, nothing stored', async () => {
    const before = await traces()
    const answer = await send('/api/categories', { method: 'POST', token: editor.token, headers: { 'Content-Type': 'text/plain' }, body: 'title=Plain' })
    expectRefusal(answer, 400, 'INVALID_JSON')
    expect(await traces()).toEqual(before)
  })

  it('JSON sent as text/plain, as a browser sends a fetch body, is read as JSON', async () => {
    const answer = await send('/api/categories', { method: 'POST', token: editor.token, headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: '{"title":"Plain"}' })
    expect(answer.status).toBe(201)
    expect(answer.body.doc.title).toBe('Plain')
    expect((await storedCategory(answer.body.doc.id)).title).toBe('Plain')
  })

  it.each([
    ['application/xml', '<title>XML</title>'],
    ['application/x-www-form-urlencoded', 'title=Form'],
  ])('a create sent as %s: 415, nothing stored', async (type, body) => {
    const before = await traces()
    const answer = await send('/api/categories', { method: 'POST', token: editor.token, headers: { 'Content-Type': type }, body })
    expectRefusal(answer, 415, 'UNSUPPORTED_MEDIA_TYPE', /application\/json/)
    expect(await traces()).toEqual(before)
  })

  it('JSON nested 10,000 levels deep: 400, nothing stored', async () => {
    const before = await traces()
    const deep = `{"title":"Deep","excerpt":${'['.repeat(10_000)}${']'.repeat(10_000)}}`
    const answer = await send('/api/posts', { method: 'POST', token: author.token, headers: { 'Content-Type': 'application/json' }, body: deep })
    expectRefusal(answer, 400, 'INVALID_JSON', /deeper than/)
    expect(await traces()).toEqual(before)
  })

  it('a number too large for JSON (1e5000): 400 naming the path, nothing stored', async () => {
    const before = await traces()
    const answer = await send('/api/posts', { method: 'POST', token: author.token, headers: { 'Content-Type': 'application/json' }, body: '{"title":1e5000}' })
    expectRefusal(answer, 400, 'INVALID_JSON', /"title"/)
    expect(await traces()).toEqual(before)
  })

  it('a create with no body at all: 400 naming the required field, not a 500', async () => {
    const before = await traces()
    const answer = await send('/api/categories', { method: 'POST', token: editor.token, headers: { 'Content-Type': 'application/json' }, body: '' })
    expectRefusal(answer, 400, 'VALIDATION_FAILED')
    expect(JSON.stringify(answer.body.errors[0].data)).toContain('title')
    expect(await traces()).toEqual(before)
  })

  it('a compressed request body: 415, nothing stored', async () => {
    const before = await traces()
    const answer = await send('/api/categories', { method: 'POST', token: editor.token, headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, body: 'x' })
    expectRefusal(answer, 415, 'UNSUPPORTED_MEDIA_TYPE', /Content-Encoding/)
    expect(await traces()).toEqual(before)
  })

  it('an upload a little over the limit: 413, read to its end so the client gets the answer, nothing stored', async () => {
    const before = await traces()
    const limit = 20 * 1024 * 1024 + 1024 * 1024
    const body = Buffer.alloc(limit + 4096, 0x61)
    const answer = await send('/api/media', { method: 'POST', token: editor.token, headers: { 'Content-Type': 'multipart/form-data; boundary=x' }, body })
    expectRefusal(answer, 413, 'PAYLOAD_TOO_LARGE')
    expect(await traces()).toEqual(before)
  })

  it('an upload announcing more than the limit: 413 before it is read, nothing stored', async () => {
    const before = await traces()
    const { received } = await rawExchange(
      `POST /api/media HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: JWT ${editor.token}\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 10737418240\r\n\r\n--x`,
    )
    expect(received).toMatch(/^HTTP\/1\.1 413/)
    expect(await traces()).toEqual(before)
  })

  it('_payload that is not an object beside a file: 400, nothing stored', async () => {
    const before = await traces()
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(await tinyPng())], { type: 'image/png' }), 'tiny.png')
    form.append('_payload', '5')
    const answer = await send('/api/media', { method: 'POST', token: editor.token, body: form })
    expectRefusal(answer, 400, 'INVALID_BODY', /_payload/)
    expect(await traces()).toEqual(before)
  })

  it('an image far too wide for its sizes (100000×1): 400, nothing stored, the server unharmed', async () => {
    const before = await traces()
    const wide = await sharp({ create: { width: 100_000, height: 1, channels: 3, background: '#000000' } }).png().toBuffer()
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(wide)], { type: 'image/png' }), 'wide.png')
    form.append('_payload', JSON.stringify({ alt: 'Too wide' }))
    const answer = await send('/api/media', { method: 'POST', token: editor.token, body: form })
    expectRefusal(answer, 400, 'VALIDATION_FAILED', /too narrow or too flat/)
    expect(await traces()).toEqual(before)
    expect((await send('/healthz')).status).toBe(200)
  })

  it('JSON with a charset and odd case in its type is read as JSON', async () => {
    const answer = await send('/api/categories', { method: 'POST', token: editor.token, headers: { 'Content-Type': 'Application/JSON; charset=utf-8' }, body: '{"title":"Charset"}' })
    expect(answer.status).toBe(201)
    expect(answer.body.doc.title).toBe('Charset')
    expect((await storedCategory(answer.body.doc.id)).title).toBe('Charset')
  })
})

describe('values of the wrong type', () => {
  const BAD_TITLES: [string, unknown][] = [
    ['a number', 5],
    ['a boolean', true],
    ['an object', {}],
    ['a list', []],
  ]

  it.each(BAD_TITLES)('a post title given as %s (as an author): 400 naming title, nothing stored', async (_name, title) => {
    const before = await traces()
    const answer = await send('/api/posts', { method: 'POST', token: author.token, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title }) })
    expectRefusal(answer, 400, 'VALIDATION_FAILED')
    expect(answer.body.errors[0].data.errors).toContainEqual({ path: 'title', message: 'must be text' })
    expect(await traces()).toEqual(before)
  })

  it.each([
    ['pages', 'pages'],
    ['categories', 'categories'],
  ] as const)('a %s title given as a number (as an editor): 400, nothing stored', async (_name, collection) => {
    const before = await traces()
    const answer = await send(`/api/${collection}`, { method: 'POST', token: editor.token, headers: { 'Content-Type': 'application/json' }, body: '{"title":5}' })
    expectRefusal(answer, 400, 'VALIDATION_FAILED')
    expect(await traces()).toEqual(before)
  })

  it('authors given as one id instead of a list: 400, nothing stored', async () => {
    const before = await traces()
    const answer = await send('/api/posts', { method: 'POST', token: author.token, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'One author', authors: author.user.id }) })
    expectRefusal(answer, 400, 'VALIDATION_FAILED')
    expect(answer.body.errors[0].data.errors[0]).toEqual({ path: 'authors', message: 'must be a list of document ids' })
    expect(await traces()).toEqual(before)
  })

  it('a relation to a well-formed id that names no document: 400, nothing stored', async () => {
    const before = await traces()
    const ghost = 'aaaaaaaaaaaaaaaaaaaaaaaa'
    const answer = await send('/api/posts', {
      method: 'POST',
      token: author.token,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'Dangling', categories: [categoryId, ghost] }),
    })
    expectRefusal(answer, 400, 'VALIDATION_FAILED')
    expect(answer.body.errors[0].data.errors).toEqual([{ path: 'categories', message: `${ghost} is not a document in categories` }])
    expect(await traces()).toEqual(before)
  })

  it('relations naming no document in several collections: 400 naming each in field order, nothing stored', async () => {
    const before = await traces()
    const [image, person, category] = ['aaaaaaaaaaaaaaaaaaaaaaa1', 'aaaaaaaaaaaaaaaaaaaaaaa2', 'aaaaaaaaaaaaaaaaaaaaaaa3']
    const answer = await send('/api/posts', {
      method: 'POST',
      token: author.token,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'Dangling everywhere', heroImage: image, authors: [author.user.id, person], categories: [categoryId, category] }),
    })
    expectRefusal(answer, 400, 'VALIDATION_FAILED')
    expect(answer.body.errors[0].data.errors).toEqual([
      { path: 'heroImage', message: `${image} is not a document in media` },
      { path: 'authors', message: `${person} is not a document in users` },
      { path: 'categories', message: `${category} is not a document in categories` },
    ])
    expect(await traces()).toEqual(before)
  })

  it.each([
    ['children that are not a list', { root: { children: { a: 1 } } }],
    ['a child that is null', { root: { children: [null] } }],
    ['a child that is a number', { root: { children: [5] } }],
  ])('rich text with %s: 400 naming content, nothing stored', async (_name, content) => {
    const before = await traces()
    const answer = await send('/api/posts', { method: 'POST', token: author.token, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'Broken text', content }) })
    expectRefusal(answer, 400, 'VALIDATION_FAILED')
    expect(answer.body.errors[0].data.errors[0].path).toBe('content')
    expect(await traces()).toEqual(before)
  })

  it('a bulk update with a value of the wrong type: 400 even when nothing matches, nothing changed', async () => {
    const before = await traces()
    const categories = await server.payload.find({ collection: 'categories', depth: 0, limit: 0, pagination: false, sort: 'createdAt' })
    const answer = await send('/api/categories?where[slug][equals]=no-such-category', {
      method: 'PATCH',
      token: editor.token,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ description: { nested: true } }),
    })
    expectRefusal(answer, 400, 'VALIDATION_FAILED')
    expect(await traces()).toEqual(before)
    expect(await server.payload.find({ collection: 'categories', depth: 0, limit: 0, pagination: false, sort: 'createdAt' })).toEqual(categories)
  })

  it('a relation to an existing document is still accepted', async () => {
    const answer = await send('/api/posts', { method: 'POST', token: author.token, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'Linked', categories: [categoryId] }) })
    expect(answer.status).toBe(201)
    expect(answer.body.doc.categories.map((category: { id: string }) => category.id)).toEqual([categoryId])
    expect((await server.payload.findByID({ collection: 'posts', id: answer.body.doc.id, depth: 0, draft: true })).categories).toEqual([categoryId])
  })
})

describe('queries', () => {
  it.each([
    ['within', 'where[title][within]=x'],
    ['near', 'where[title][near]=1,2'],
    ['intersects', 'where[title][intersects]=x'],
  ])('a geographic operator (%s) on a text field: 400', async (operator, query) => {
    expectRefusal(await send(`/api/posts?${query}`), 400, 'INVALID_QUERY', new RegExp(`"${operator}" applies to point fields only`))
  })

  it('a MongoDB operator smuggled inside an operator: 400', async () => {
    expectRefusal(await send('/api/posts?where[title][equals][$gt]='), 400, 'INVALID_QUERY', /MongoDB operators/)
  })

  it('an object where a single value belongs: 400', async () => {
    expectRefusal(await send('/api/posts?where[title][equals][a]=b'), 400, 'INVALID_QUERY', /single value/)
  })

  it('sort given as a list (on versions): 400', async () => {
    expectRefusal(await send('/api/posts/versions?sort[]=1&sort[]=2', { token: editor.token }), 400, 'INVALID_QUERY', /"sort" must be given once/)
  })

  it.each(['sort=', 'sort=-', 'sort=,'])('an empty sort field (%s): 400', async (query) => {
    expectRefusal(await send(`/api/posts?${query}`), 400, 'INVALID_QUERY', /must name fields/)
  })

  it('a pattern operator on a relationship: 400', async () => {
    expectRefusal(await send('/api/pages?where[breadcrumbs.doc][not_like]=0'), 400, 'INVALID_QUERY', /matches text/)
  })

  it('sort by a field that does not exist: 400', async () => {
    expectRefusal(await send('/api/posts?sort=nope'), 400, 'INVALID_QUERY', /"nope" is not a field/)
    expect((await send('/api/posts?sort=-publishedAt,title')).status).toBe(200)
  })

  it.each([
    ['sort', '/api/payload-locked-documents?sort=nope', /"nope" is not a field/],
    ['where', '/api/payload-preferences?where[nope][equals]=1', /nope/],
    ['limit', '/api/payload-locked-documents?limit=100000', /"limit" must be a whole number/],
  ])('Payload’s own collections are held to the same query rules (%s): 400', async (_name, path, message) => {
    expectRefusal(await send(path, { token: editor.token }), 400, 'INVALID_QUERY', message)
  })

  it('a collection that has no REST routes: 404', async () => {
    expectRefusal(await send('/api/payload-migrations', { token: editor.token }), 404, 'NOT_FOUND')
  })

  it.each([
    ['versions of a collection that keeps none', 'GET', '/api/categories/versions'],
    ['versions of a global that keeps none', 'GET', '/api/globals/site-settings/versions'],
    ['email verification where accounts are not verified', 'POST', '/api/users/verify/some-token'],
    ['the job schedules when nothing is scheduled', 'GET', '/api/payload-jobs/handle-schedules'],
  ])('%s: 404, nothing changed', async (_name, method, path) => {
    const before = await traces()
    expectRefusal(await send(path, { method, token: server.admin.token }), 404, 'NOT_FOUND')
    expect(await traces()).toEqual(before)
  })

  it('TRACE: 405 with the methods allowed', async () => {
    const { received } = await rawExchange('TRACE /api/posts HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
    expect(received).toMatch(/^HTTP\/1\.1 405/)
    expect(received).toMatch(/\r\nAllow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS\r\n/i)
    expect(received).toContain('"code":"METHOD_NOT_ALLOWED"')
  })

  it('a file that is not on disk: 404', async () => {
    expectRefusal(await send('/api/media/file/nothing-here.png'), 404, 'NOT_FOUND')
  })
})

describe('GraphQL', () => {
  const graphql = (query: string, token?: string) =>
    send('/api/graphql', { method: 'POST', token, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query }) })

  it('a fragment cycle: 400 naming the fragment', async () => {
    const answer = await graphql('query { ...F } fragment F on Query { ...G } fragment G on Query { ...F }')
    expect(answer.status).toBe(400)
    expect(answer.body.errors[0].message).toMatch(/Fragment "[FG]" spreads itself/)
    expect(answer.body.errors[0].extensions.code).toBe('GRAPHQL_TOO_COMPLEX')
  })

  it('1,500 aliases in one query: 400, every alias counted', async () => {
    const aliases = Array.from({ length: 1500 }, (_, index) => `a${index}: Posts(limit: 1) { totalDocs }`).join(' ')
    const answer = await graphql(`{ ${aliases} }`)
    expect(answer.status).toBe(400)
    expect(answer.body.errors[0].message).toMatch(/more than 1000 fields/)
  })

  it('5,000 aliases in one query: 400 before it is even parsed', async () => {
    const aliases = Array.from({ length: 5000 }, (_, index) => `a${index}: Posts(limit: 1) { totalDocs }`).join(' ')
    const answer = await graphql(`{ ${aliases} }`)
    expect(answer.status).toBe(400)
    expect(answer.body.errors[0]).toMatchObject({ message: expect.stringMatching(/too large/), extensions: { code: 'GRAPHQL_TOO_COMPLEX' } })
  })

  it('a query nested deeper than the limit: 400', async () => {
    const answer = await graphql(`{ Posts { docs { ${'categories { '.repeat(14)}id${' }'.repeat(14)} } } }`)
    expect(answer.status).toBe(400)
    expect(answer.body.errors[0].message).toMatch(/levels deep/)
  })

  it('a subscription: 400, Folio serves none', async () => {
    const answer = await graphql('subscription { __typename }')
    expect(answer.status).toBe(400)
    expect(answer.body.errors[0].extensions.code).toBe('GRAPHQL_INVALID')
  })

  it.each([
    ['docAccess on a global (Payload fails on it)', '{ docAccessSiteSetting { update { permission } } }', /not served over GraphQL/],
    ['docAccess with an empty id', '{ docAccessRedirect(id: "") { read { permission } } }', /not served over GraphQL/],
    ['Access (Payload fails on where-based rules)', '{ Access { pages { create { permission } } } }', /not served over GraphQL/],
    ['email verification, which Folio does not do', 'mutation { verifyEmailUser(token: "x") }', /not verified by email/],
    ['@skip with a string', '{ __typename @skip(if: "yes") }', /needs "if" to be true, false or a Boolean variable/],
  ])('%s: 400, not a server error', async (_name, query, message) => {
    const answer = await graphql(query, editor.token)
    expect(answer.status).toBe(400)
    expect(answer.body.errors[0].message).toMatch(message)
  })

  it('a value that cannot be an id, inside GraphQL: a 400 error, nothing internal shown', async () => {
    const answer = await graphql('{ Media(id: "a,b") { id } }', editor.token)
    expect(answer.body.errors[0].extensions.statusCode).toBeLessThan(500)
    expect(answer.body.errors[0].extensions).not.toHaveProperty('name', 'CastError')
    expect(answer.text).not.toMatch(LEAK)
  })

  it('a sort no field has, or a limit past the cap, on a collection Payload adds itself: a 400 error, never the database’s', async () => {
    const answer = await graphql('{ PayloadLockedDocuments(sort: "\\u0000") { totalDocs } }', editor.token)
    expect(answer.body.data?.PayloadLockedDocuments ?? null).toBeNull()
    expect(answer.body.errors[0].message).toMatch(/is not a field/)
    expect(answer.body.errors[0].extensions.statusCode).toBe(400)
    expect(answer.text).not.toMatch(/null bytes|bson/i)
    const unbounded = await graphql('{ PayloadLockedDocuments(limit: 100000) { totalDocs } }', editor.token)
    expect(unbounded.body.errors[0].message).toMatch(/"limit" must be a whole number/)
  })

  it('page 0 is refused, as REST refuses it', async () => {
    const answer = await graphql('{ Posts(page: 0) { docs { id } } }')
    expect(answer.body.data?.Posts ?? null).toBeNull()
    expect(answer.body.errors[0].message).toBe('"page" must be a whole number from 1')
  })

  it('introspection is refused to anonymous callers and answered for signed-in users when so configured', async () => {
    const anonymous = await graphql('{ __schema { queryType { name } } }')
    expect(anonymous.status).toBe(403)
    expect(anonymous.body.errors[0]).toMatchObject({ message: 'GraphQL introspection is open to signed-in users only', extensions: { code: 'FORBIDDEN' } })
    const signedIn = await graphql('{ __schema { queryType { name } } }', editor.token)
    expect(signedIn.body.data.__schema.queryType.name).toBe('Query')
  })
})

describe('slow and silent clients', () => {
  it('a body announced and never sent is cut off with 408, nothing stored', async () => {
    const before = await traces()
    const { received, closedAfterMs } = await rawExchange(
      `POST /api/categories HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\nAuthorization: JWT ${editor.token}\r\n\r\n{"ti`,
    )
    expect(received).toMatch(/^HTTP\/1\.1 408/)
    expect(closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS * 5)
    expect(await traces()).toEqual(before)
  })

  it('a chunked body that stops arriving is answered 408 once nothing came for the body timeout, nothing stored', async () => {
    const before = await traces()
    const { received, closedAfterMs } = await rawExchange(
      `POST /api/categories HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nAuthorization: JWT ${editor.token}\r\n\r\n5\r\n{"tit\r\n`,
    )
    expect(received).toMatch(/^HTTP\/1\.1 408/)
    expect(closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS * 5)
    expect(await traces()).toEqual(before)
  })

  it('headers that never end (slowloris) are cut off with 408', async () => {
    const { received } = await rawExchange('GET /api/posts HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1\r\n')
    expect(received).toMatch(/^HTTP\/1\.1 408/)
  })
})
