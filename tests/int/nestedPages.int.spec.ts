import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { describeDocuments } from '../../collections/content/describeDocuments'
import { previewURL } from '@/plugins/livePreview'
import { pathOfPageChain } from '@/plugins/nestedPages'
import { removeUntitledDrafts } from '@/plugins/untitledDrafts'
import { advanceClock, resetClock } from '../helpers/controllableClock'
import { runJobsUntilIdle } from '../helpers/jobs'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { createEndpoint } from '../helpers/webhookEndpoints'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhookReceiver'

let server: TestServer
let receiver: WebhookReceiver

async function page(data: Record<string, unknown>) {
  const response = await server.api('/api/pages?depth=0', { method: 'POST', token: server.admin.token, json: { _status: 'published', ...data } })
  expect(response.body.errors).toBeUndefined()
  expect(response.status).toBe(201)
  return response.body.doc as { id: string; path: string; breadcrumbs: { label: string; url: string; doc: string }[] }
}

async function read(id: string) {
  return (await server.api(`/api/pages/${id}?depth=0`)).body
}

/** A page as stored, read through the Local API. */
const stored = (id: string) => server.payload.findByID({ collection: 'pages', id, depth: 0 })

/** What a refused write must leave as it was: the pages, their versions, the audit log and webhook events (an endpoint subscribes to pages). */
async function traces() {
  await runJobsUntilIdle(server.payload)
  const { docs } = await server.payload.find({ collection: 'pages', depth: 0, limit: 0, pagination: false, sort: 'createdAt' })
  return {
    pages: docs.map(({ id, parent, path, slug, title, updatedAt }) => ({ id, parent, path, slug, title, updatedAt })),
    versions: (await server.payload.countVersions({ collection: 'pages' })).totalDocs,
    auditEntries: (await server.payload.count({ collection: 'audit-log' })).totalDocs,
    webhookEvents: (await server.payload.count({ collection: 'webhook-events' })).totalDocs,
    received: receiver.received.length,
  }
}

beforeAll(async () => {
  process.env.FRONTEND_URL = 'https://www.folio.test'
  process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1'
  server = await startTestServer('nested-pages')
  receiver = await startWebhookReceiver()
  await createEndpoint(server, { url: receiver.url, events: ['created', 'updated', 'published'], collections: ['pages'] })
})

afterAll(async () => {
  delete process.env.FRONTEND_URL
  delete process.env.WEBHOOK_ALLOWED_HOSTS
  await server?.stop()
  await receiver?.close()
})

describe('nested pages', () => {
  it('stores the home page at / and its children under /, and finds it by that path', async () => {
    const home = await page({ title: 'Welcome', slug: 'home' })
    expect(home.path).toBe('/')
    expect(home.breadcrumbs.map((crumb) => crumb.url)).toEqual(['/'])
    const careers = await page({ title: 'Careers', slug: 'careers', parent: home.id })
    expect(careers.path).toBe('/careers')
    expect((await stored(careers.id)).path).toBe('/careers')
    const found = await server.api('/api/pages?where[path][equals]=/&depth=0')
    expect(found.body.docs.map((doc: { id: string }) => doc.id)).toEqual([home.id])
    // Only a root page is the home page; below another page "home" is an ordinary slug.
    expect(pathOfPageChain(['about', 'home'], 'home')).toBe('/about/home')
    expect(pathOfPageChain(['home', 'careers', 'jobs'], 'home')).toBe('/careers/jobs')
  })

  it('gives a child page breadcrumbs and its full path, and finds it by that path', async () => {
    const about = await page({ title: 'About', slug: 'about' })
    const team = await page({ title: 'Our team', slug: 'team', parent: about.id })
    const leads = await page({ title: 'Team leads', slug: 'leads', parent: team.id })

    expect(about.path).toBe('/about')
    expect((await read(leads.id)).path).toBe('/about/team/leads')
    expect((await read(leads.id)).breadcrumbs.map(({ label, url, doc }: { label: string; url: string; doc: string }) => ({ label, url, doc }))).toEqual([
      { label: 'About', url: '/about', doc: about.id },
      { label: 'Our team', url: '/about/team', doc: team.id },
      { label: 'Team leads', url: '/about/team/leads', doc: leads.id },
    ])

    const found = await server.api(`/api/pages?where[path][equals]=${encodeURIComponent('/about/team/leads')}&depth=0`)
    expect(found.body.docs.map((doc: { id: string }) => doc.id)).toEqual([leads.id])
  })

  it('moves the paths of every descendant when a parent is renamed', async () => {
    const company = await page({ title: 'Company', slug: 'company' })
    const jobs = await page({ title: 'Jobs', slug: 'jobs', parent: company.id })
    const engineering = await page({ title: 'Engineering', slug: 'engineering', parent: jobs.id })

    const renamed = await server.api(`/api/pages/${company.id}`, { method: 'PATCH', token: server.admin.token, json: { slug: 'about-us', title: 'About us' } })
    expect(renamed.status).toBe(200)
    expect(await stored(company.id)).toMatchObject({ slug: 'about-us', title: 'About us', path: '/about-us' })
    expect(await stored(engineering.id)).toMatchObject({ path: '/about-us/jobs/engineering' })

    expect((await read(jobs.id)).path).toBe('/about-us/jobs')
    expect((await read(engineering.id)).path).toBe('/about-us/jobs/engineering')
    expect((await read(engineering.id)).breadcrumbs[0].label).toBe('About us')
  })

  it('never keeps a path sent by a client', async () => {
    const doc = await page({ title: 'Pricing', slug: 'pricing', path: '/somewhere-else' })
    expect(doc.path).toBe('/pricing')
    expect((await stored(doc.id)).path).toBe('/pricing')
    const moved = await server.api(`/api/pages/${doc.id}`, { method: 'PATCH', token: server.admin.token, json: { path: '/elsewhere-again' } })
    expect(moved.status).toBe(200)
    expect((await stored(doc.id)).path).toBe('/pricing')
  })

  it('refuses a parent that would make a loop, and keeps the pages as they were', async () => {
    const top = await page({ title: 'Top', slug: 'top' })
    const middle = await page({ title: 'Middle', slug: 'middle', parent: top.id })
    const bottom = await page({ title: 'Bottom', slug: 'bottom', parent: middle.id })
    const before = await traces()

    const loop = await server.api(`/api/pages/${top.id}`, { method: 'PATCH', token: server.admin.token, json: { parent: bottom.id } })
    expect(loop.status).toBe(400)
    expect(loop.body.errors[0].message).toMatch(/parent: .*own sub-pages/)
    const self = await server.api(`/api/pages/${top.id}`, { method: 'PATCH', token: server.admin.token, json: { parent: top.id } })
    expect(self.status).toBe(400)
    expect(self.body.errors[0].message).toMatch(/parent: /)

    expect((await read(top.id)).parent ?? null).toBeNull()
    expect((await read(bottom.id)).path).toBe('/top/middle/bottom')
    expect(await traces()).toEqual(before)
  })

  it('refuses a parent that does not exist', async () => {
    const before = await traces()
    const response = await server.api('/api/pages', { method: 'POST', token: server.admin.token, json: { title: 'Orphan', parent: '64b000000000000000000000' } })
    expect(response.status).toBe(400)
    expect(JSON.stringify(response.body.errors)).toContain('parent')
    expect(await server.payload.count({ collection: 'pages', where: { title: { equals: 'Orphan' } } })).toEqual({ totalDocs: 0 })
    expect(await traces()).toEqual(before)
  })
})

describe('live preview', () => {
  it('is configured for posts and pages against FRONTEND_URL', () => {
    const { livePreview } = server.payload.config.admin
    expect(livePreview?.collections).toEqual(['posts', 'pages'])
    expect(server.payload.collections.posts.config.admin.preview).toBeTypeOf('function')
    expect(server.payload.collections.pages.config.admin.preview).toBeTypeOf('function')
  })

  it('opens a post at /posts/<slug> and a nested page at its full path', async () => {
    const parent = await page({ title: 'Services', slug: 'services' })
    const child = await page({ title: 'Design', slug: 'design', parent: parent.id })
    const url = server.payload.config.admin.livePreview?.url
    expect(url).toBeTypeOf('function')
    const pageURL = await (url as (args: object) => Promise<string> | string)({ data: child, collectionConfig: server.payload.collections.pages.config, req: {} })
    expect(pageURL).toBe(`https://www.folio.test/preview?path=%2Fservices%2Fdesign&collection=pages&id=${child.id}`)
    expect(previewURL('https://www.folio.test', describeDocuments, 'posts', { id: 'abc', slug: 'hello' })).toBe('https://www.folio.test/preview?path=%2Fposts%2Fhello&collection=posts&id=abc')
    expect(previewURL('https://www.folio.test', describeDocuments, 'pages', { slug: 'home', path: '/' })).toBe('https://www.folio.test/preview?path=%2F&collection=pages')
  })
})

describe('untitled drafts', () => {
  it('removes drafts left without a title for a day, and nothing else', async () => {
    const draft = (data: Record<string, unknown>, collection: 'posts' | 'pages' = 'posts') => server.payload.create({ collection, data: { _status: 'draft', ...data } as never, draft: true })
    const leftEmpty = await draft({})
    const emptyPage = await draft({}, 'pages')
    const titled = await draft({ title: 'Work in progress' })
    const published = await server.payload.create({ collection: 'posts', data: { title: 'Live', _status: 'published' } })
    const exists = async (collection: 'posts' | 'pages', id: string) => (await server.payload.count({ collection, where: { id: { equals: id } } })).totalDocs === 1

    // Not yet a day old: kept (the editor may still be on the page).
    expect(await removeUntitledDrafts(server.payload, { collections: ['posts', 'pages'] })).toBe(0)
    // A day later by the job clock, which housekeeping reads.
    advanceClock(25 * 60 * 60 * 1000)
    try {
      expect(await removeUntitledDrafts(server.payload, { collections: ['posts', 'pages'] })).toBe(2)
      expect(await exists('posts', leftEmpty.id)).toBe(false)
      expect(await exists('pages', emptyPage.id)).toBe(false)
      expect(await exists('posts', titled.id)).toBe(true)
      expect(await exists('posts', published.id)).toBe(true)
    } finally {
      resetClock()
    }
  })
})
