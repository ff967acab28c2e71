import { randomBytes, randomUUID } from 'node:crypto'
import { createRequire } from 'node:module'

import { generateImage } from '@/lib/generateImage'
import { lexicalFromLines } from '@/lib/lexicalFromLines'
import { jsonAt } from '../lib/jsonAt'
import type { Account, FuzzCredentials, FuzzTargets, GraphQLSchemaSummary, GraphQLTypeRef } from './types'

type Log = (message: string) => void
type Reply = { status: number; body: unknown }

/** A small JSON (or multipart) client for setting up; the fuzzer itself sends raw bytes. */
async function call(baseUrl: string, method: string, path: string, options: { token?: string; json?: unknown; form?: FormData } = {}): Promise<Reply> {
  const headers: Record<string, string> = {}
  if (options.token) headers.Authorization = `JWT ${options.token}`
  if (options.json !== undefined) headers['Content-Type'] = 'application/json'
  const body = options.form ?? (options.json === undefined ? undefined : JSON.stringify(options.json))
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body })
  const text = await response.text()
  let parsed: unknown = text
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    // Not JSON: kept as text for the error message.
  }
  return { status: response.status, body: parsed }
}

function expectOk(reply: Reply, what: string): unknown {
  if (reply.status >= 300) throw new Error(`${what}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`)
  return reply.body
}

/** The ids of the documents of a list answer (`{ docs: [...] }`). */
function idsOf(list: unknown): string[] {
  const docs = jsonAt(list, 'docs')
  return Array.isArray(docs) ? docs.map((doc) => String(jsonAt(doc, 'id'))) : []
}

async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const body = expectOk(await call(baseUrl, 'POST', '/api/users/login', { json: { email, password } }), `signing in as ${email}`)
  return String(jsonAt(body, 'token'))
}

async function createAccount(baseUrl: string, adminToken: string, role: string, label: string): Promise<Account> {
  const email = `fuzz-${label}-${randomBytes(4).toString('hex')}@folio.test`
  const password = `pw-${randomBytes(12).toString('hex')}`
  const created = expectOk(await call(baseUrl, 'POST', '/api/users', { token: adminToken, json: { email, password, name: `Fuzz ${label}`, role } }), `creating the ${label}`)
  return { id: String(jsonAt(created, 'doc', 'id')), email, password, token: await signIn(baseUrl, email, password) }
}

/**
 * Signs in as an admin (registering the first user when the database has none, or with `admin`
 * when given), then creates an editor with an API key and an author.
 */
export async function createCredentials(baseUrl: string, admin?: { email: string; password: string }): Promise<FuzzCredentials> {
  let adminAccount: Account
  if (admin) {
    const token = await signIn(baseUrl, admin.email, admin.password)
    const me = expectOk(await call(baseUrl, 'GET', '/api/users/me', { token }), 'reading the admin')
    adminAccount = { id: String(jsonAt(me, 'user', 'id')), ...admin, token }
  } else {
    const email = `fuzz-admin-${randomBytes(4).toString('hex')}@folio.test`
    const password = `pw-${randomBytes(12).toString('hex')}`
    const registered = await call(baseUrl, 'POST', '/api/users/first-register', { json: { email, password, name: 'Fuzz admin' } })
    if (registered.status !== 200) throw new Error(`the database already has users (first-register answered ${registered.status}): pass the credentials of an admin`)
    const token = await signIn(baseUrl, email, password)
    adminAccount = { id: String(jsonAt(registered.body, 'user', 'id')), email, password, token }
  }
  const editor = await createAccount(baseUrl, adminAccount.token, 'editor', 'editor')
  const author = await createAccount(baseUrl, adminAccount.token, 'author', 'author')
  const apiKey = randomUUID()
  expectOk(await call(baseUrl, 'PATCH', `/api/users/${editor.id}`, { token: adminAccount.token, json: { enableAPIKey: true, apiKey } }), 'enabling an API key')
  return { admin: adminAccount, editor, author, apiKey }
}

/**
 * Signs in again any account whose token stopped working (a fuzzed request may have ended its
 * session). Returns the roles signed in again.
 */
export async function refreshCredentials(baseUrl: string, credentials: FuzzCredentials, targets: FuzzTargets): Promise<string[]> {
  const refreshed: string[] = []
  const accounts: [string, Account][] = [['admin', credentials.admin], ['editor', credentials.editor], ['author', credentials.author], ['victim', targets.victim]]
  for (const [role, account] of accounts) {
    const me = await call(baseUrl, 'GET', '/api/users/me', { token: account.token }).catch(() => undefined)
    if (me?.status === 200 && jsonAt(me.body, 'user')) continue
    try {
      account.token = await signIn(baseUrl, account.email, account.password)
      refreshed.push(role)
    } catch {
      // The throw-away account may be locked by the login requests; its old token stays.
      if (role !== 'victim') throw new Error(`the ${role} account can no longer sign in`)
    }
  }
  return refreshed
}

const INTROSPECTION = `{ __schema { queryType { name } mutationType { name } types { name kind enumValues { name }
  fields { name args { name type { ...T } } type { ...T } } inputFields { name type { ...T } } } } }
  fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }`

type IntrospectedType = { kind: string; name?: string | null; ofType?: IntrospectedType | null }
type IntrospectedField = { name: string; type: IntrospectedType; args?: readonly { name: string; type: IntrospectedType }[] }
/** What the generators read of an introspection answer (the GraphQL spec's shape). */
type IntrospectedSchema = {
  queryType: { name: string }
  mutationType?: { name: string } | null
  types: readonly {
    name: string
    kind: string
    fields?: readonly IntrospectedField[] | null
    inputFields?: readonly IntrospectedField[] | null
    enumValues?: readonly { name: string }[] | null
  }[]
}

function typeRef(type: IntrospectedType): GraphQLTypeRef {
  let list = false
  let nonNull = false
  let current: IntrospectedType | null = type
  if (current.kind === 'NON_NULL') nonNull = true
  while (current && (current.kind === 'NON_NULL' || current.kind === 'LIST')) {
    if (current.kind === 'LIST') list = true
    current = current.ofType ?? null
  }
  return { name: current?.name ?? 'String', kind: current?.kind ?? 'SCALAR', list, nonNull }
}

/** The schema Payload builds from Folio's config, introspected here: for servers that refuse introspection. */
async function schemaFromConfig(): Promise<IntrospectedSchema> {
  const { default: config } = await import('../../payload.config')
  const { configToSchema } = await import('@payloadcms/graphql')
  // The graphql instance @payloadcms/graphql loads (Node resolves the package to its CommonJS build); an ESM
  // import here could load the .mjs build under a bundler, and graphql refuses schemas from another instance.
  const { introspectionFromSchema } = createRequire(import.meta.url)('graphql') as typeof import('graphql')
  return introspectionFromSchema(configToSchema(await config).schema).__schema
}

/** The server's GraphQL schema, reduced to what the generators need. */
async function introspect(baseUrl: string, token: string, log: Log): Promise<GraphQLSchemaSummary> {
  const reply = await call(baseUrl, 'POST', '/api/graphql', { token, json: { query: INTROSPECTION } })
  let schema = jsonAt(reply.body, 'data', '__schema') as IntrospectedSchema | undefined
  if (!schema) {
    log(`seeding: the server refuses GraphQL introspection (${reply.status}); reading the schema from payload.config.ts instead`)
    schema = await schemaFromConfig()
  }
  const types: GraphQLSchemaSummary['types'] = {}
  for (const type of schema.types) {
    if (type.name.startsWith('__')) continue
    const fields = (type.fields ?? type.inputFields ?? []).map((field) => ({
      name: field.name,
      type: typeRef(field.type),
      args: (field.args ?? []).map((arg) => ({ name: arg.name, type: typeRef(arg.type) })),
    }))
    types[type.name] = { kind: type.kind, fields, enumValues: (type.enumValues ?? []).map((value) => value.name) }
  }
  return { queryType: schema.queryType.name, mutationType: schema.mutationType?.name, types }
}

/**
 * Creates what the generated requests aim at, through the REST API as the admin so every hook
 * runs: categories, images, posts (one by the author), nested pages, a form with a token and a
 * submission, redirects, site settings, a webhook with a delivery, versions, a scheduled publish,
 * disposable documents for deletes, and a throw-away account. A step that fails is logged and
 * skipped: fewer targets, not no run.
 */
export async function seedTargets(baseUrl: string, credentials: FuzzCredentials, log: Log): Promise<FuzzTargets> {
  const admin = credentials.admin.token
  // Titles, slugs and paths of this run, so that a second run on the same database seeds as well.
  const run = randomBytes(3).toString('hex')
  const ids: Record<string, string[]> = {}
  const disposable: Record<string, string[]> = {}
  const idNames: Record<string, string> = {}
  const add = (map: Record<string, string[]>, collection: string, id: string) => (map[collection] ??= []).push(id)
  const step = async (what: string, work: () => Promise<void>) => {
    try {
      await work()
    } catch (error) {
      log(`seeding: ${what} skipped: ${(error as Error).message}`)
    }
  }
  /** Creates a document; returns its id. */
  const create = async (collection: string, data: unknown, token = admin): Promise<string> =>
    String(jsonAt(expectOk(await call(baseUrl, 'POST', `/api/${collection}?depth=0`, { token, json: data }), `creating a ${collection} document`), 'doc', 'id'))

  const content = lexicalFromLines(['A post the fuzzer reads and writes.', '## A heading', 'More text for the search index.'])
  const mediaFilenames: string[] = []
  const webhookDeliveryIds: string[] = []
  const scheduleJobIds: string[] = []
  let postVersionIds: string[] = []
  let pageVersionIds: string[] = []
  let formId = ''
  let formToken = ''

  await step('categories', async () => {
    for (const title of [`Fuzz news ${run}`, `Fuzz guides ${run}`]) add(ids, 'categories', await create('categories', { title }))
    for (let i = 0; i < 3; i++) add(disposable, 'categories', await create('categories', { title: `Disposable category ${i} ${run}` }))
  })
  await step('images', async () => {
    for (let i = 0; i < 3; i++) {
      const png = await generateImage(['#1d4ed8', '#9333ea'], i, 64, 48)
      const form = new FormData()
      form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), `fuzz-${i}.png`)
      form.append('_payload', JSON.stringify({ alt: `Fuzz image ${i}` }))
      const doc = jsonAt(expectOk(await call(baseUrl, 'POST', '/api/media', { token: admin, form }), 'uploading an image'), 'doc')
      add(i < 2 ? ids : disposable, 'media', String(jsonAt(doc, 'id')))
      const sizes = jsonAt(doc, 'sizes')
      const files = [doc, ...Object.values(typeof sizes === 'object' && sizes !== null ? (sizes as Record<string, unknown>) : {})]
      for (const filename of files.map((file) => jsonAt(file, 'filename'))) if (typeof filename === 'string' && filename) mediaFilenames.push(filename)
    }
  })
  await step('posts', async () => {
    const post = (title: string, status: string) => ({
      title,
      excerpt: `${title}: an excerpt.`,
      content,
      heroImage: ids.media?.[0],
      categories: ids.categories ?? [],
      authors: [credentials.author.id],
      _status: status,
    })
    add(ids, 'posts', await create('posts', post(`Fuzz published post ${run}`, 'published')))
    add(ids, 'posts', await create('posts', post(`Fuzz second post ${run}`, 'published')))
    add(ids, 'posts', await create('posts', post(`Fuzz draft post ${run}`, 'draft')))
    add(ids, 'posts', await create('posts', { title: `Fuzz post by the author ${run}`, content, _status: 'draft' }, credentials.author.token))
    expectOk(await call(baseUrl, 'PATCH', `/api/posts/${ids.posts[0]}`, { token: admin, json: { excerpt: 'Edited once, for a second version.' } }), 'editing a post')
    for (let i = 0; i < 3; i++) add(disposable, 'posts', await create('posts', { title: `Disposable post ${i} ${run}`, _status: i === 0 ? 'published' : 'draft' }))
  })
  await step('pages', async () => {
    const aboutId = await create('pages', { title: `Fuzz about ${run}`, slug: `fuzz-about-${run}`, _status: 'published', layout: [{ blockType: 'hero', heading: 'About', subheading: 'Who we are.', image: ids.media?.[0], cta: { label: 'Meet us', type: 'url', url: `/fuzz-about-${run}/fuzz-team-${run}` } }] })
    add(ids, 'pages', aboutId)
    add(ids, 'pages', await create('pages', { title: `Fuzz team ${run}`, slug: `fuzz-team-${run}`, parent: aboutId, _status: 'published', layout: [{ blockType: 'richText', content }] }))
    add(ids, 'pages', await create('pages', { title: `Fuzz draft page ${run}`, _status: 'draft' }))
    for (let i = 0; i < 2; i++) add(disposable, 'pages', await create('pages', { title: `Disposable page ${i} ${run}`, _status: 'published' }))
  })
  await step('forms', async () => {
    const fields = [
      { blockType: 'text', name: 'name', label: 'Name', required: true },
      { blockType: 'email', name: 'email', label: 'Email', required: true },
      { blockType: 'textarea', name: 'message', label: 'Message', required: true },
    ]
    formId = await create('forms', { title: `Fuzz contact ${run}`, fields, confirmationType: 'message', confirmationMessage: lexicalFromLines(['Thanks!']) })
    add(ids, 'forms', await create('forms', { title: `Fuzz survey ${run}`, fields: fields.slice(0, 1), confirmationType: 'message', confirmationMessage: lexicalFromLines(['Thanks!']) }))
    formToken = String(jsonAt(expectOk(await call(baseUrl, 'GET', `/api/forms/${formId}/token`), 'getting a form token'), 'token'))
    const submissionId = await create('form-submissions', {
      form: formId,
      submissionData: [
        { field: 'name', value: 'Ada' },
        { field: 'email', value: 'ada@example.com' },
        { field: 'message', value: 'Hello' },
      ],
    })
    add(ids, 'form-submissions', submissionId)
  })
  await step('redirects', async () => {
    if (ids.posts?.[0]) add(ids, 'redirects', await create('redirects', { from: `/fuzz-old-${run}`, to: { type: 'reference', reference: { relationTo: 'posts', value: ids.posts[0] } }, type: '301' }))
    if (ids.pages?.[1]) add(ids, 'redirects', await create('redirects', { from: `/fuzz-careers-${run}`, to: { type: 'reference', reference: { relationTo: 'pages', value: ids.pages[1] } }, type: '302' }))
    add(disposable, 'redirects', await create('redirects', { from: `/fuzz-disposable-${run}`, to: { type: 'custom', url: 'https://example.com/' }, type: '302' }))
  })
  await step('site settings', async () => {
    const navigation = [{ link: { label: 'Home', type: 'url', url: '/' } }, ...(ids.pages?.[0] ? [{ link: { label: 'About', type: 'page', page: ids.pages[0] } }] : [])]
    expectOk(await call(baseUrl, 'POST', '/api/globals/site-settings', { token: admin, json: { siteName: 'Folio fuzz', tagline: 'Hostile requests welcome', navigation } }), 'saving site settings')
  })
  await step('webhook', async () => {
    add(ids, 'webhooks', await create('webhooks', { name: 'Fuzz hook', url: 'http://127.0.0.1:9/fuzz-hook', events: ['created'], collections: ['categories'] }))
    add(disposable, 'categories', await create('categories', { title: `Disposable category announced ${run}` }))
    for (let attempt = 0; attempt < 25 && webhookDeliveryIds.length === 0; attempt++) {
      const list = await call(baseUrl, 'GET', '/api/webhook-deliveries?limit=5&depth=0', { token: admin })
      webhookDeliveryIds.push(...idsOf(list.body))
      if (webhookDeliveryIds.length === 0) await new Promise((resolve) => setTimeout(resolve, 200))
    }
  })
  await step('versions', async () => {
    const read = async (collection: string) => idsOf((await call(baseUrl, 'GET', `/api/${collection}/versions?limit=5&depth=0`, { token: admin })).body)
    postVersionIds = await read('posts')
    pageVersionIds = await read('pages')
  })
  await step('schedule', async () => {
    const at = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString()
    const reply = expectOk(await call(baseUrl, 'POST', `/api/posts/${ids.posts?.[2]}/schedule`, { token: admin, json: { action: 'publish', at } }), 'scheduling a publish')
    scheduleJobIds.push(String(jsonAt(reply, 'id')))
  })
  await step('disposable users', async () => {
    for (let i = 0; i < 2; i++) add(disposable, 'users', (await createAccount(baseUrl, admin, 'author', `disposable-${i}`)).id)
  })
  const victim = await createAccount(baseUrl, admin, 'author', 'victim')
  const graphql = await introspect(baseUrl, admin, log)

  const name = (id: string | undefined, label: string) => {
    if (id) idNames[id] = label
  }
  for (const [collection, list] of Object.entries(ids)) list.forEach((id, index) => name(id, `${collection.replace(/-/g, '_').toUpperCase()}_ID${index ? `_${index + 1}` : ''}`))
  for (const [collection, list] of Object.entries(disposable)) list.forEach((id, index) => name(id, `DISPOSABLE_${collection.replace(/-/g, '_').toUpperCase()}_ID${index ? `_${index + 1}` : ''}`))
  name(formId, 'FORM_ID')
  postVersionIds.forEach((id, index) => name(id, `POST_VERSION_ID${index ? `_${index + 1}` : ''}`))
  pageVersionIds.forEach((id, index) => name(id, `PAGE_VERSION_ID${index ? `_${index + 1}` : ''}`))
  webhookDeliveryIds.forEach((id, index) => name(id, `DELIVERY_ID${index ? `_${index + 1}` : ''}`))
  scheduleJobIds.forEach((id) => name(id, 'SCHEDULE_JOB_ID'))
  name(credentials.admin.id, 'ADMIN_ID')
  name(credentials.editor.id, 'EDITOR_ID')
  name(credentials.author.id, 'AUTHOR_ID')
  name(victim.id, 'VICTIM_ID')

  const count = Object.values(ids).reduce((sum, list) => sum + list.length, 0) + Object.values(disposable).reduce((sum, list) => sum + list.length, 0)
  log(`seeding: ${count} documents, ${mediaFilenames.length} media files, ${webhookDeliveryIds.length} webhook deliveries, ${Object.keys(graphql.types).length} GraphQL types`)
  return {
    ids,
    disposable,
    postVersionIds,
    pageVersionIds,
    webhookDeliveryIds,
    scheduleJobIds,
    mediaFilenames,
    formId,
    formToken,
    victim,
    graphql,
    origin: new URL(baseUrl).origin,
    idNames,
  }
}
