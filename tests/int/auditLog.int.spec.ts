import type { Where } from 'payload'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'

import type { AuditLogEntry } from '@payload-types'
import { kickJobRunner } from '@/jobs/jobRunner'
import { pruneAuditLog, reconcileAuditLog } from '@/plugins/auditLog'
import { createDocument, updateDocument } from '../helpers/documents'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { createSignedInUser, type SignedInUser } from '../helpers/users'
import { waitFor } from '../helpers/waitFor'

const DAY = 24 * 60 * 60 * 1000

let server: TestServer
let editor: SignedInUser

const graphql = (query: string, token?: string) => server.api('/api/graphql', { method: 'POST', token, json: { query } })

/** Entries stored, oldest first, read past access control. */
async function entries(where: Where): Promise<AuditLogEntry[]> {
  const { docs } = await server.payload.find({ collection: 'audit-log', where, sort: 'createdAt', limit: 200, depth: 0, pagination: false })
  return docs
}

const forDocument = (documentId: string) => entries({ documentId: { equals: documentId } })

async function countEntries(): Promise<number> {
  return (await server.payload.count({ collection: 'audit-log' })).totalDocs
}

const createPost = (data: Record<string, unknown>, query = '') => createDocument(server, 'posts', data, { token: editor.token, query })
const updatePost = (id: string, data: Record<string, unknown>, query = '') => updateDocument(server, 'posts', id, data, { token: editor.token, query })

/** Failed sign-ins to one account from one address before the next is throttled. */
const THROTTLE_AFTER = 3

beforeAll(async () => {
  process.env.RATE_LIMIT_LOGIN_ACCOUNT_ADDRESS = `${THROTTLE_AFTER}/15m`
  server = await startTestServer('auditLog')
  editor = await createSignedInUser(server.payload, server.api, 'editor')
})

afterAll(async () => {
  delete process.env.RATE_LIMIT_LOGIN_ACCOUNT_ADDRESS
  await server?.stop()
})

describe('changes to documents', () => {
  it('records a post created through REST with who, from where and the fields set', async () => {
    const post = await createPost({ title: 'Audit created', excerpt: 'First words' })

    const [entry] = await forDocument(post.id)
    expect(entry).toMatchObject({
      action: 'create',
      user: editor.user.id,
      userEmail: editor.email,
      sourceCollection: 'posts',
      documentId: post.id,
      documentTitle: 'Audit created',
      ip: '127.0.0.1',
      source: 'api',
    })
    expect(entry.sourceGlobal).toBeFalsy()
    expect(entry.changedFields).toEqual(expect.arrayContaining(['authors', 'excerpt', 'slug', 'title']))
    expect(entry.changedFields).not.toEqual(expect.arrayContaining(['id']))
    expect(entry.changedFields?.filter((path) => ['_status', 'createdAt', 'updatedAt', 'populatedAuthors'].includes(path))).toEqual([])
    expect(Date.parse(entry.createdAt)).toBeGreaterThan(Date.now() - 60_000)
    expect(await forDocument(post.id)).toHaveLength(1)
  })

  it('records an update with exactly the fields whose values changed', async () => {
    const category = await server.payload.create({ collection: 'categories', data: { title: 'Audit category' } })
    const post = await createPost({ title: 'Audit updated', excerpt: 'Kept' })
    await updatePost(post.id, { title: 'Audit updated', excerpt: 'Kept', categories: [category.id] })

    const [, update] = await forDocument(post.id)
    expect(update).toMatchObject({ action: 'update', user: editor.user.id, documentTitle: 'Audit updated' })
    expect(update.changedFields).toEqual(['categories'])
  })

  it('names a changed field inside a group by its path', async () => {
    const post = await createPost({ title: 'Audit renamed' })
    await updatePost(post.id, { title: 'Audit renamed again' })

    const [, update] = await forDocument(post.id)
    // The SEO fields follow the title: stored values that changed, though the client sent only the title.
    expect([...(update.changedFields ?? [])].sort()).toEqual(['meta.title', 'title'])
  })

  it('records nothing for an update that changes nothing', async () => {
    const post = await createPost({ title: 'Audit unchanged' })
    await updatePost(post.id, { title: 'Audit unchanged' })
    expect((await forDocument(post.id)).map((entry) => entry.action)).toEqual(['create'])
  })

  it('records an update that publishes once, as publish, with the fields it changed', async () => {
    const post = await createPost({ title: 'Audit published' })
    const published = await updatePost(post.id, { _status: 'published', excerpt: 'Now public' })
    expect(published._status).toBe('published')

    const actions = await forDocument(post.id)
    expect(actions.map((entry) => entry.action)).toEqual(['create', 'publish'])
    expect(actions[1].changedFields).toEqual(expect.arrayContaining(['excerpt', 'publishedAt']))
    expect(actions[1].changedFields).not.toContain('_status')
    expect(actions[1]).toMatchObject({ user: editor.user.id, documentTitle: 'Audit published' })
  })

  it('records a post created already published as its publication', async () => {
    const post = await createPost({ title: 'Audit born public', _status: 'published' })
    const [entry, ...rest] = await forDocument(post.id)
    expect(rest).toEqual([])
    expect(entry.action).toBe('publish')
    expect(entry.changedFields).toEqual(expect.arrayContaining(['title', 'publishedAt']))
  })

  it('records unpublishing', async () => {
    const post = await createPost({ title: 'Audit unpublished', _status: 'published' })
    await updatePost(post.id, { _status: 'draft' })

    const actions = await forDocument(post.id)
    expect(actions.map((entry) => entry.action)).toEqual(['publish', 'unpublish'])
    expect(actions[1].changedFields).toEqual([])
    expect((await server.payload.findByID({ collection: 'posts', id: post.id }))._status).toBe('draft')
  })

  it('records a draft saved over a published post as an update, not an unpublish', async () => {
    const post = await createPost({ title: 'Audit still public', _status: 'published' })
    await updatePost(post.id, { title: 'Audit next version' }, '?draft=true')

    const actions = await forDocument(post.id)
    expect(actions.map((entry) => entry.action)).toEqual(['publish', 'update'])
    expect(actions[1].changedFields).toContain('title')
  })

  it('records a deletion with the title the document had', async () => {
    const post = await createPost({ title: 'Audit deleted' })
    const response = await server.api(`/api/posts/${post.id}`, { method: 'DELETE', token: editor.token })
    expect(response.status).toBe(200)

    const [, deletion] = await forDocument(post.id)
    expect(deletion).toMatchObject({ action: 'delete', user: editor.user.id, documentTitle: 'Audit deleted', sourceCollection: 'posts' })
  })

  it('records one entry per document for a bulk delete', async () => {
    const first = await createPost({ title: 'Audit bulk one' })
    const second = await createPost({ title: 'Audit bulk two' })
    const response = await server.api('/api/posts?where[title][like]=Audit bulk', { method: 'DELETE', token: editor.token })
    expect(response.status).toBe(200)
    expect(response.body.docs).toHaveLength(2)

    const deletions = await entries({ and: [{ action: { equals: 'delete' } }, { documentId: { in: [first.id, second.id] } }] })
    expect(deletions.map((entry) => entry.documentTitle).sort()).toEqual(['Audit bulk one', 'Audit bulk two'])
  })

  it('collapses the autosaves of one editing session into one entry', async () => {
    const post = await createPost({ title: 'Audit autosaved' })
    await updatePost(post.id, { title: 'Audit autosaved, typing' }, '?draft=true&autosave=true')
    await updatePost(post.id, { title: 'Audit autosaved, typed', excerpt: 'More' }, '?draft=true&autosave=true')
    await updatePost(post.id, { title: 'Audit autosaved, typed', excerpt: 'More words' }, '?draft=true&autosave=true')

    const [, session, ...rest] = await forDocument(post.id)
    expect(rest).toEqual([])
    expect(session).toMatchObject({ action: 'update', autosaves: 3, user: editor.user.id, documentTitle: 'Audit autosaved, typed' })
    expect(session.changedFields).toEqual(expect.arrayContaining(['excerpt', 'title']))

    await updatePost(post.id, { _status: 'published' })
    const actions = await forDocument(post.id)
    expect(actions.map((entry) => entry.action)).toEqual(['create', 'update', 'publish'])
  })

  it('records no entry for a write that access control refuses', async () => {
    const before = await countEntries()
    const response = await server.api('/api/posts', { method: 'POST', json: { title: 'Audit anonymous' } })
    expect(response.status).toBe(403)
    expect(await countEntries()).toBe(before)
  })

  it('tells a change made from the admin panel apart', async () => {
    const response = await server.api('/api/categories', {
      method: 'POST',
      token: editor.token,
      json: { title: 'Audit from the admin' },
      headers: { Referer: `${server.url}/admin/collections/categories/create` },
    })
    expect(response.status).toBe(201)
    const [entry] = await forDocument(response.body.doc.id)
    expect(entry).toMatchObject({ action: 'create', source: 'admin', sourceCollection: 'categories' })
  })

  it('records a changed password by name, never its hash', async () => {
    const author = await createSignedInUser(server.payload, server.api, 'author')
    const response = await server.api(`/api/users/${author.user.id}`, { method: 'PATCH', token: author.token, json: { password: 'a-new-long-password' } })
    expect(response.status).toBe(200)

    const [update] = await entries({ and: [{ documentId: { equals: author.user.id } }, { action: { equals: 'update' } }] })
    expect(update.changedFields).toEqual(['password'])
    expect(JSON.stringify(await forDocument(author.user.id))).not.toContain('a-new-long-password')
  })

  it('lists a webhook secret among the fields set, never its value', async () => {
    const response = await server.api('/api/webhooks', {
      method: 'POST',
      token: server.admin.token,
      json: { name: 'Audit hook', url: 'https://hooks.example.com/audit', events: ['created'], headers: [{ name: 'Authorization', value: 'Bearer audit-token-1' }] },
    })
    expect(response.status).toBe(201)
    const stored = await server.payload.db.findOne<{ id: string; secret: string }>({ collection: 'webhooks', where: { id: { equals: response.body.doc.id } } })

    const [entry] = await forDocument(response.body.doc.id)
    expect(entry).toMatchObject({ action: 'create', sourceCollection: 'webhooks', documentTitle: 'Audit hook' })
    expect(entry.changedFields).toEqual(expect.arrayContaining(['secret', 'headers', 'url']))
    expect(JSON.stringify(entry)).not.toContain(stored!.secret)
    expect(JSON.stringify(entry)).not.toContain('audit-token-1')
    await server.payload.delete({ collection: 'webhooks', id: response.body.doc.id })
  })

  it('records the document changes a job makes as the job, for the user who scheduled it', async () => {
    const page = await server.payload.create({ collection: 'pages', data: { title: 'Audit scheduled page', _status: 'draft' } })
    await server.payload.jobs.queue({
      task: 'schedulePublish',
      input: { type: 'publish', doc: { relationTo: 'pages', value: page.id }, user: { relationTo: 'users', value: editor.user.id } },
    })
    kickJobRunner(server.payload)

    const publish = await waitFor(async () => (await forDocument(page.id)).find((entry) => entry.action === 'publish'), 'the publish entry')
    expect(publish).toMatchObject({ source: 'job', job: 'schedulePublish', user: editor.user.id, userEmail: editor.email, sourceCollection: 'pages' })
    expect(publish.ip).toBeFalsy()
  })

  it.runIf(!inject('databaseHasTransactions'))(
    'keeps a change whose entry cannot be written, and logs the entry, on a database without transactions',
    async () => {
      const create = server.payload.create.bind(server.payload)
      const failing = vi.spyOn(server.payload, 'create').mockImplementation(((args: { collection: string }) =>
        args.collection === 'audit-log' ? Promise.reject(new Error('audit store down')) : create(args as never)))
      const logged = vi.spyOn(server.payload.logger, 'error').mockImplementation(() => undefined)
      try {
        const response = await server.api('/api/categories', { method: 'POST', token: editor.token, json: { title: 'Audit store down' } })
        expect(response.status).toBe(201)
        expect(await server.payload.count({ collection: 'categories', where: { title: { equals: 'Audit store down' } } })).toEqual({ totalDocs: 1 })
        expect(logged).toHaveBeenCalledWith(
          expect.objectContaining({ collection: 'categories', id: response.body.doc.id, operation: 'create' }),
          'could not write the audit log entry',
        )
      } finally {
        failing.mockRestore()
        logged.mockRestore()
      }
    },
  )

  it('records nothing while seeding', async () => {
    const before = await countEntries()
    await server.payload.create({ collection: 'categories', data: { title: 'Audit seeded' }, context: { isSeeding: true } })
    expect(await countEntries()).toBe(before)
  })
})

describe('changes to globals', () => {
  it('records an update of the site settings with the fields changed', async () => {
    const response = await server.api('/api/globals/site-settings', { method: 'POST', token: server.admin.token, json: { tagline: 'Audited' } })
    expect(response.status).toBe(200)

    const [entry] = await entries({ sourceGlobal: { equals: 'site-settings' } })
    expect(entry).toMatchObject({ action: 'update', user: server.admin.user.id, userEmail: server.admin.email, changedFields: ['tagline'] })
    expect(entry.documentId).toBeFalsy()
    expect(entry.sourceCollection).toBeFalsy()
  })
})

describe('signing in and out', () => {
  it('records a sign-in with the user and their address', async () => {
    const author = await createSignedInUser(server.payload, server.api, 'author')
    const [login] = await entries({ and: [{ action: { equals: 'login' } }, { user: { equals: author.user.id } }] })
    expect(login).toMatchObject({ userEmail: author.email, sourceCollection: 'users', documentId: author.user.id, ip: '127.0.0.1', source: 'api' })
  })

  it('records a wrong password with the address tried, the account and no password', async () => {
    const response = await server.api('/api/users/login', { method: 'POST', json: { email: editor.email.toUpperCase(), password: 'wrong-password-123' } })
    expect(response.status).toBe(401)

    const failures = await entries({ and: [{ action: { equals: 'login-failed' } }, { userEmail: { equals: editor.email } }] })
    expect(failures).toHaveLength(1)
    expect(failures[0]).toMatchObject({ reason: 'wrong-password', documentId: editor.user.id, sourceCollection: 'users', ip: '127.0.0.1' })
    expect(failures[0].user).toBeFalsy()
    expect(JSON.stringify(failures)).not.toContain('wrong-password-123')
  })

  it('records an unknown address', async () => {
    const response = await server.api('/api/users/login', { method: 'POST', json: { email: 'nobody-here@folio.test', password: 'guess-456' } })
    expect(response.status).toBe(401)

    const [failure] = await entries({ userEmail: { equals: 'nobody-here@folio.test' } })
    expect(failure).toMatchObject({ action: 'login-failed', reason: 'unknown-user', ip: '127.0.0.1' })
    expect(failure.documentId).toBeFalsy()
    expect(JSON.stringify(failure)).not.toContain('guess-456')
  })

  it('records a sign-in refused as throttled, and an admin unlocking the account', async () => {
    const author = await createSignedInUser(server.payload, server.api, 'author')
    const attempt = (password: string) => server.api('/api/users/login', { method: 'POST', json: { email: author.email, password } })
    for (let i = 0; i < THROTTLE_AFTER; i++) expect((await attempt(`wrong-${i}`)).status).toBe(401)
    const throttled = await attempt(author.password)
    expect(throttled.status).toBe(429)

    const [failure] = await entries({ and: [{ action: { equals: 'login-failed' } }, { userEmail: { equals: author.email } }, { reason: { equals: 'throttled' } }] })
    expect(failure).toMatchObject({ reason: 'throttled', documentId: author.user.id, ip: '127.0.0.1' })

    const unlock = await server.api('/api/users/unlock', { method: 'POST', token: server.admin.token, json: { email: author.email } })
    expect(unlock.status).toBe(200)
    const [unlocked] = await entries({ and: [{ action: { equals: 'unlock' } }, { documentId: { equals: author.user.id } }] })
    expect(unlocked).toMatchObject({ user: server.admin.user.id, userEmail: server.admin.email, documentTitle: author.user.name })
  })

  it('records GraphQL sign-in failures, each of a batch with its own address', async () => {
    const response = await graphql(`mutation {
      first: loginUser(email: "graph-one@folio.test", password: "pw-one-789") { token }
      second: loginUser(email: "${editor.email}", password: "pw-two-789") { token }
    }`)
    expect(response.status).toBe(200)
    expect(response.body.errors).toHaveLength(2)

    const [first] = await entries({ userEmail: { equals: 'graph-one@folio.test' } })
    expect(first).toMatchObject({ action: 'login-failed', reason: 'unknown-user', source: 'api', ip: '127.0.0.1' })
    const editorFailures = await entries({ and: [{ action: { equals: 'login-failed' } }, { userEmail: { equals: editor.email } }] })
    expect(editorFailures.map((entry) => entry.reason)).toContain('wrong-password')
    expect(JSON.stringify(await entries({ action: { equals: 'login-failed' } }))).not.toMatch(/pw-(one|two)-789/)
  })

  it('records a GraphQL sign-in', async () => {
    const response = await graphql(`mutation { loginUser(email: "${editor.email}", password: "${editor.password}") { token } }`)
    expect(response.body.data.loginUser.token).toBeTruthy()
    const logins = await entries({ and: [{ action: { equals: 'login' } }, { user: { equals: editor.user.id } }] })
    expect(logins).toHaveLength(2)
  })

  it('records a password reset request (with the address that sent it) and the reset', async () => {
    const author = await createSignedInUser(server.payload, server.api, 'author')
    const forgot = await server.api('/api/users/forgot-password', { method: 'POST', json: { email: author.email } })
    expect(forgot.status).toBe(200)
    kickJobRunner(server.payload)
    const resetPasswordToken = await waitFor(async () => {
      const stored = await server.payload.db.findOne<{ id: string; resetPasswordToken?: string }>({ collection: 'users', where: { id: { equals: author.user.id } } })
      return stored?.resetPasswordToken || undefined
    }, 'the reset token to be stored')
    const reset = await server.api('/api/users/reset-password', { method: 'POST', json: { token: resetPasswordToken, password: 'reset-password-321' } })
    expect(reset.status).toBe(200)

    const actions = (await forDocument(author.user.id)).map((entry) => entry.action)
    expect(actions).toEqual(['create', 'login', 'password-reset-requested', 'password-reset'])
    const [requested] = await entries({ and: [{ documentId: { equals: author.user.id } }, { action: { equals: 'password-reset-requested' } }] })
    expect(requested).toMatchObject({ userEmail: author.email, ip: '127.0.0.1', source: 'job' })
    const [resetEntry] = await entries({ and: [{ documentId: { equals: author.user.id } }, { action: { equals: 'password-reset' } }] })
    expect(resetEntry).toMatchObject({ user: author.user.id, userEmail: author.email, changedFields: ['password'], ip: '127.0.0.1' })
    expect(JSON.stringify([requested, resetEntry])).not.toContain(resetPasswordToken)
  })

  it('records nothing for a password reset asked for an email no account has', async () => {
    const before = await countEntries()
    const forgot = await server.api('/api/users/forgot-password', { method: 'POST', json: { email: 'no-account-to-reset@folio.test' } })
    expect(forgot.status).toBe(200)
    kickJobRunner(server.payload)
    await waitFor(async () => ((await server.payload.count({ collection: 'payload-jobs', where: { taskSlug: { equals: 'sendPasswordReset' } } })).totalDocs === 0 ? true : undefined), 'the reset email job to finish')
    expect(await entries({ userEmail: { equals: 'no-account-to-reset@folio.test' } })).toEqual([])
    expect(await countEntries()).toBe(before)
  })

  it('records a sign-out', async () => {
    const author = await createSignedInUser(server.payload, server.api, 'author')
    const response = await server.api('/api/users/logout', { method: 'POST', token: author.token })
    expect(response.status).toBe(200)
    const [logout] = await entries({ and: [{ action: { equals: 'logout' } }, { user: { equals: author.user.id } }] })
    expect(logout).toMatchObject({ userEmail: author.email, documentId: author.user.id })
  })
})

describe('reading the log', () => {
  it('filters by document over REST', async () => {
    const post = await createPost({ title: 'Audit filtered' })
    await updatePost(post.id, { excerpt: 'Filtered' })
    const response = await server.api(`/api/audit-log?where[documentId][equals]=${post.id}&sort=createdAt&depth=0`, { token: server.admin.token })
    expect(response.status).toBe(200)
    expect(response.body.totalDocs).toBe(2)
    expect(response.body.docs.map((entry: AuditLogEntry) => entry.action)).toEqual(['create', 'update'])
  })

  it('filters by user over REST', async () => {
    const author = await createSignedInUser(server.payload, server.api, 'author')
    await server.api('/api/posts', { method: 'POST', token: author.token, json: { title: 'Audit by an author' } })
    const response = await server.api(`/api/audit-log?where[user][equals]=${author.user.id}&sort=createdAt&depth=0`, { token: server.admin.token })
    expect(response.status).toBe(200)
    expect(response.body.docs.map((entry: AuditLogEntry) => entry.action)).toEqual(['login', 'create'])
    expect(response.body.docs.every((entry: AuditLogEntry) => entry.user === author.user.id)).toBe(true)
  })

  it('refuses editors and anonymous visitors', async () => {
    const anonymous = await server.api('/api/audit-log')
    expect(anonymous.status).toBe(403)
    const asEditor = await server.api('/api/audit-log', { token: editor.token })
    expect(asEditor.status).toBe(403)
    const byGraphql = await graphql('{ AuditLog { totalDocs } }', editor.token)
    expect(byGraphql.body.errors[0].extensions.statusCode).toBe(403)
    expect(byGraphql.body.data.AuditLog).toBeNull()
  })
})

describe('keeping the log untouched', () => {
  it('refuses to create, edit or delete entries over REST, even for an admin', async () => {
    const [entry] = await entries({ action: { equals: 'create' } })
    const before = await countEntries()
    const token = server.admin.token

    const created = await server.api('/api/audit-log', { method: 'POST', token, json: { action: 'login', userEmail: 'forged@folio.test' } })
    expect(created.status).toBe(403)
    const edited = await server.api(`/api/audit-log/${entry.id}`, { method: 'PATCH', token, json: { userEmail: 'forged@folio.test' } })
    expect(edited.status).toBe(403)
    const bulkEdited = await server.api('/api/audit-log?where[id][exists]=true', { method: 'PATCH', token, json: { userEmail: 'forged@folio.test' } })
    expect(bulkEdited.status).toBe(403)
    const deleted = await server.api(`/api/audit-log/${entry.id}`, { method: 'DELETE', token })
    expect(deleted.status).toBe(403)
    const bulkDeleted = await server.api('/api/audit-log?where[id][exists]=true', { method: 'DELETE', token })
    expect(bulkDeleted.status).toBe(403)

    expect(await countEntries()).toBe(before)
    expect(await server.payload.findByID({ collection: 'audit-log', id: entry.id, depth: 0 })).toEqual(entry)
    expect(await entries({ userEmail: { equals: 'forged@folio.test' } })).toEqual([])
  })

  it('refuses to create, edit or delete entries over GraphQL, even for an admin', async () => {
    const [entry] = await entries({ action: { equals: 'create' } })
    const before = await countEntries()
    const token = server.admin.token

    const created = await graphql('mutation { createAuditLogEntry(data: { action: login, userEmail: "forged@folio.test" }) { id } }', token)
    const edited = await graphql(`mutation { updateAuditLogEntry(id: "${entry.id}", data: { userEmail: "forged@folio.test" }) { id } }`, token)
    const deleted = await graphql(`mutation { deleteAuditLogEntry(id: "${entry.id}") { id } }`, token)
    for (const response of [created, edited, deleted]) {
      expect(response.body.errors[0].extensions.statusCode).toBe(403)
    }

    expect(await countEntries()).toBe(before)
    expect(await server.payload.findByID({ collection: 'audit-log', id: entry.id, depth: 0 })).toEqual(entry)
  })
})

describe('retention', () => {
  it('deletes only entries older than the retention', async () => {
    const old = (days: number) =>
      server.payload.db.create({
        collection: 'audit-log',
        data: { action: 'login', userEmail: `old-${days}@folio.test`, createdAt: new Date(Date.now() - days * DAY).toISOString() },
      })
    await old(400)
    await old(366)
    const recent = await old(300)
    const before = await countEntries()

    expect(await pruneAuditLog(server.payload, 365 * DAY)).toEqual({ deleted: 2 })

    expect(await countEntries()).toBe(before - 2)
    expect(await entries({ userEmail: { like: 'old-' } })).toMatchObject([{ id: recent.id }])
  })
})

describe('after a crash', () => {
  it('records, as recovered, changes stored without their entry; and only those', async () => {
    // Everything before this test was recorded as it happened (saves that changed nothing aside).
    await server.payload.delete({ collection: 'posts', where: { id: { exists: true } } })
    const recorded = await createPost({ title: 'Recorded normally' })
    // Straight to the database, as a write whose process died before its hooks ran.
    const lost = await server.payload.db.create({
      collection: 'posts',
      data: { title: { en: 'Stored, never recorded' }, slug: { en: 'stored-never-recorded' }, _status: 'draft', createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() },
    })
    const [createEntry] = await forDocument(recorded.id)
    const later = new Date(Date.parse(createEntry.updatedAt) + 1).toISOString()
    await server.payload.db.updateOne({ collection: 'posts', id: recorded.id, data: { title: { en: 'Renamed, never recorded' }, updatedAt: later } })

    expect(await reconcileAuditLog(server.payload, ['posts'])).toBe(2)

    const [created] = await forDocument(String(lost.id))
    expect(created).toMatchObject({ action: 'create', source: 'recovered', user: null, documentTitle: 'Stored, never recorded' })
    const updates = (await forDocument(recorded.id)).filter((entry) => entry.source === 'recovered')
    expect(updates).toMatchObject([{ action: 'update', documentTitle: 'Renamed, never recorded' }])
    expect(await reconcileAuditLog(server.payload, ['posts'])).toBe(0)
  })
})
