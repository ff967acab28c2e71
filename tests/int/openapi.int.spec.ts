import SwaggerParser from '@apidevtools/swagger-parser'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { generateImage } from '@/lib/generateImage'
import { lexicalFromLines } from '@/lib/lexicalFromLines'
import { createDocument } from '../helpers/documents'
import { launchBrowser } from '../helpers/launchBrowser'
import { startTestServer, type TestServer } from '../helpers/startTestServer'

type Operation = { security?: Record<string, string[]>[]; parameters?: { in: string; name: string; required?: boolean }[]; responses: Record<string, unknown> }
type Spec = { openapi: string; servers: { url: string }[]; paths: Record<string, Record<string, Operation>>; components: Record<string, Record<string, unknown>> }

let server: TestServer
let spec: Spec

/** Values for the query parameters Folio's routes require. */
const REQUIRED_QUERY: Record<string, string> = { q: 'handbook', path: '/old-handbook' }

beforeAll(async () => {
  server = await startTestServer('openapi')
  const image = await server.payload.create({
    collection: 'media',
    data: { alt: 'Cover' },
    file: { data: await generateImage(['#1d4ed8', '#f97316'], 5, 640, 360), mimetype: 'image/png', name: 'cover.png', size: 0 },
  })
  const category = await createDocument(server, 'categories', { title: 'Guides' })
  const post = await createDocument(server, 'posts', { title: 'The handbook', _status: 'published', heroImage: image.id, categories: [category.id], meta: { image: image.id } })
  await createDocument(server, 'pages', { title: 'Handbook page', _status: 'published', layout: [{ blockType: 'media', media: image.id }] })
  await createDocument(server, 'redirects', { from: '/old-handbook', to: { type: 'reference', reference: { relationTo: 'posts', value: post.id } } })
  await server.payload.create({
    collection: 'forms',
    data: { title: 'Contact', fields: [{ blockType: 'email', name: 'email', label: 'Email', required: true }], confirmationType: 'message', confirmationMessage: lexicalFromLines(['Thanks']) } as never,
  })
  const response = await fetch(`${server.url}/api/openapi.json`)
  expect(response.status).toBe(200)
  spec = (await response.json()) as Spec
})

afterAll(async () => {
  await server?.stop()
})

describe('OpenAPI description', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(spec.openapi).toBe('3.1.0')
    await expect(SwaggerParser.validate(structuredClone(spec) as never)).resolves.toBeTruthy()
  })

  it('describes every collection and global, and Folio’s own routes', () => {
    const apiRoute = server.payload.config.routes.api
    // The admin's own tools are left out: export and import files, the list of backups.
    const tools = ['exports', 'imports', 'backups']
    for (const { slug } of server.payload.config.collections.filter(({ slug }) => !slug.startsWith('payload-') && !tools.includes(slug))) {
      expect(spec.paths, slug).toHaveProperty([`${apiRoute}/${slug}`])
      expect(spec.paths, slug).toHaveProperty([`${apiRoute}/${slug}/{id}`])
    }
    for (const slug of tools) expect(spec.paths).not.toHaveProperty([`${apiRoute}/${slug}`])
    for (const { slug } of server.payload.config.globals) expect(spec.paths).toHaveProperty([`${apiRoute}/globals/${slug}`])
    const own = {
      '/api/search/query': 'get',
      '/api/search/reindex': 'post',
      '/api/forms/{id}/token': 'get',
      '/api/redirects/lookup': 'get',
      '/api/redirects/follow': 'get',
      '/api/posts/{id}/schedule': 'post',
      '/api/pages/{id}/schedule/{jobId}': 'delete',
      '/api/users/forgot-password': 'post',
      '/api/webhooks/{id}/test': 'post',
      '/api/webhooks/{id}/rotate-secret': 'post',
      '/api/webhook-deliveries/{id}/resend': 'post',
    }
    for (const [path, method] of Object.entries(own)) expect(spec.paths[path]?.[method], `${method} ${path}`).toBeDefined()
    // payload-oapi's own sign-in route is not served, nor described.
    expect(JSON.stringify(spec)).not.toContain('openapi-auth')
  })

  it('says which operations anonymous visitors may call, and how everyone else signs in', () => {
    expect(Object.keys(spec.components.securitySchemes).sort()).toEqual(['apiKey', 'bearer', 'cookie'])
    const anonymous = (path: string, method: string) => spec.paths[path][method].security!.some((requirement) => Object.keys(requirement).length === 0)
    for (const [path, method] of [
      ['/api/posts', 'get'],
      ['/api/posts/{id}', 'get'],
      ['/api/media', 'get'],
      ['/api/search/query', 'get'],
      ['/api/forms/{id}/token', 'get'],
      ['/api/globals/site-settings', 'get'],
    ]) {
      expect(anonymous(path, method), `${method} ${path}`).toBe(true)
    }
    for (const [path, method] of [
      ['/api/posts', 'post'],
      ['/api/posts/{id}', 'patch'],
      ['/api/users', 'get'],
      ['/api/webhooks', 'get'],
      ['/api/audit-log', 'get'],
      ['/api/search/reindex', 'post'],
    ]) {
      expect(anonymous(path, method), `${method} ${path}`).toBe(false)
    }
  })

  it('is the same document whatever the request’s Host, with the configured address as its server', async () => {
    const spoofed = await fetch(`${server.url}/api/openapi.json`, { headers: { Host: 'attacker.example' } })
    const text = await spoofed.text()
    expect(text).not.toContain('attacker.example')
    expect(JSON.parse(text)).toEqual(spec)
    expect(spec.servers).toEqual([{ url: server.payload.config.serverURL }])
  })

  it('matches the answers of every public read route', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false })
    addFormats(ajv)
    ajv.addSchema({ ...spec, $id: 'folio-openapi' })
    const resolve = (node: unknown): any => {
      const ref = (node as { $ref?: string })?.$ref
      return ref ? resolve(ref.slice(2).split('/').reduce<any>((at, key) => at[key], spec)) : node
    }
    const checked: string[] = []
    for (const [path, item] of Object.entries(spec.paths)) {
      const operation = item.get
      if (!operation || !operation.security?.some((requirement) => Object.keys(requirement).length === 0)) continue
      if (path.includes('{jobId}')) continue
      let url = path
      if (path.includes('{id}')) {
        const collection = path.split('/')[2]
        const { docs } = (await (await fetch(`${server.url}/api/${collection}?limit=1&depth=0`)).json()) as { docs?: { id: string }[] }
        if (!docs?.length) continue
        url = path.replace('{id}', docs[0].id)
      }
      const query = (operation.parameters ?? []).filter((parameter) => parameter.in === 'query' && parameter.required).map((parameter) => `${parameter.name}=${encodeURIComponent(REQUIRED_QUERY[parameter.name])}`)
      const response = await fetch(`${server.url}${url}${query.length ? `?${query.join('&')}` : ''}`, { redirect: 'manual' })
      const documented = resolve(operation.responses[String(response.status)])
      expect(documented, `GET ${url} answered ${response.status}, which the description does not list`).toBeDefined()
      const schema = documented.content?.['application/json']?.schema
      if (response.status !== 200 || !schema) continue
      // Validated against the description itself, so its $refs resolve as a client's would.
      const responseRef = (operation.responses['200'] as { $ref?: string }).$ref
      const base = responseRef ? `folio-openapi${responseRef}` : `folio-openapi#/paths/${encodeURIComponent(path.replaceAll('~', '~0').replaceAll('/', '~1'))}/get/responses/200`
      const validate = ajv.compile({ $ref: `${base}/content/application~1json/schema` })
      const body: unknown = await response.json()
      expect(validate(body), `GET ${url}: ${ajv.errorsText(validate.errors)}`).toBe(true)
      checked.push(path)
    }
    // Lists and single documents of the public collections, the global, and Folio's public reads.
    expect(checked).toEqual(expect.arrayContaining(['/api/posts', '/api/posts/{id}', '/api/pages', '/api/media/{id}', '/api/categories', '/api/globals/site-settings', '/api/search/query', '/api/forms/{id}/token', '/api/redirects/lookup']))
  })
})

describe('API reference page', () => {
  it('serves the reference from Folio itself, under its own Content-Security-Policy', async () => {
    const page = await fetch(`${server.url}/api/docs`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/)
    const html = await page.text()
    expect(html).not.toMatch(/https?:\/\//)
    for (const asset of ['/api/docs/assets/swagger-ui-bundle.js', '/api/docs/assets/swagger-ui.css', '/api/docs/init.js']) {
      expect(html).toContain(asset)
      expect((await fetch(`${server.url}${asset}`)).status, asset).toBe(200)
    }
    expect((await fetch(`${server.url}/api/docs/assets/package.json`)).status).toBe(404)
    expect((await fetch(`${server.url}/api/docs/assets/..%2f..%2fpackage.json`)).status).toBe(404)
  })

  it('renders every operation in a browser, with nothing refused by its policy', async () => {
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage()
      const problems: string[] = []
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text())
      })
      page.on('requestfailed', (request) => problems.push(`${request.url()} failed`))
      await page.goto(`${server.url}/api/docs`)
      await page.locator('.opblock').first().waitFor({ timeout: 20_000 })
      const operations = Object.values(spec.paths).reduce((count, item) => count + Object.keys(item).filter((key) => key !== 'parameters').length, 0)
      // Swagger UI renders the operations a few at a time: wait for all of them.
      await expect.poll(() => page.locator('.opblock').count(), { timeout: 20_000 }).toBe(operations)
      expect(await page.locator('.title').first().textContent()).toContain('Folio API')
      expect(problems).toEqual([])
    } finally {
      await browser.close()
    }
  })
})
