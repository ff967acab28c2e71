import fs from 'node:fs'

import { MongoClient, ObjectId } from 'mongodb'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../../collections/seed/fixtures'
import { lexicalFromLines } from '@/lib/lexicalFromLines'
import { signInToAdmin } from '../helpers/adminSignIn'
import { launchBrowser } from '../helpers/launchBrowser'
import { startBuiltServer, type BuiltServer } from '../helpers/startBuiltServer'
import { startWebhookReceiver, verifyWebhook, type WebhookReceiver } from '../helpers/webhookReceiver'

let server: BuiltServer
let browser: Browser
let receiver: WebhookReceiver
let token: string
let page: Page | undefined

beforeAll(async () => {
  receiver = await startWebhookReceiver()
  // No SERVER_URL, as the README starts Folio: it calls itself localhost, and a browser may open it
  // as 127.0.0.1 just as well.
  server = await startBuiltServer('admin-addresses', { SERVER_URL: '', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' }, { args: ['--seed-demo'] })
  token = (await server.api('/api/users/login', { method: 'POST', json: { email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD } })).body.token
  browser = await launchBrowser()
}, 180_000)

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') {
    fs.mkdirSync('test-results', { recursive: true })
    await page?.screenshot({ path: `test-results/admin-addresses-${context.task.name.replace(/\W+/g, '-')}.png`, fullPage: true }).catch(() => undefined)
  }
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await receiver?.close()
})

describe("Folio's admin panels at either loopback address", () => {
  for (const host of ['127.0.0.1', 'localhost']) {
    it(`show a webhook's secret, send a test event and list the delivery with the admin opened at ${host}`, { timeout: 120_000 }, async () => {
      const base = server.url.replace('127.0.0.1', host)
      const created = await server.api('/api/webhooks', { method: 'POST', token, json: { name: `Receiver for ${host}`, url: receiver.url, events: ['published'] } })
      expect(created.status).toBe(201)
      const failedRequests: string[] = []
      page = await signInToAdmin(browser, base, DEMO_ADMIN_EMAIL, DEMO_PASSWORD, {
        // A request the page itself cancels (net::ERR_ABORTED: Payload's admin drops its pending
        // preference reads when it navigates) is no failure; one the browser blocks (CORS,
        // net::ERR_FAILED) or that cannot connect is.
        beforeSignIn: (tab) =>
          tab.on('requestfailed', (request) => {
            const reason = request.failure()?.errorText ?? ''
            if (reason !== 'net::ERR_ABORTED') failedRequests.push(`${request.method()} ${request.url()} ${reason}`.trim())
          }),
      })
      // The dashboard's own requests (the editor's language, the widgets) finish before the next
      // page is opened: one cut off by that navigation is not a failure of any panel.
      await page.waitForLoadState('networkidle')

      await page.goto(`${base}/admin/collections/webhooks/${created.body.doc.id}`)
      await page.getByRole('button', { name: 'Show secret once' }).click({ timeout: 30_000 })
      const secret = (await page.getByTestId('webhook-secret').textContent({ timeout: 15_000 }))?.trim() ?? ''
      expect(secret).toMatch(/^whsec_/)

      const before = receiver.received.length
      await page.getByRole('button', { name: 'Send test event' }).click()
      await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBeGreaterThan(before)
      const webhook = receiver.received[receiver.received.length - 1]
      expect(webhook.json.type).toBe('webhook.test')
      expect(verifyWebhook(webhook, secret)).toEqual(webhook.json)
      const row = page.getByTestId('webhook-delivery-row').filter({ hasText: 'webhook.test' })
      await expect.poll(() => row.filter({ hasText: 'succeeded' }).count(), { timeout: 15_000 }).toBe(1)
      expect(failedRequests.filter((request) => request.includes('/api/'))).toEqual([])

      // Live Preview opens the site at the same address, so the editor's session goes along.
      const post = (await server.api('/api/posts?where[slug][equals]=introducing-folio&depth=0')).body.docs[0]
      await page.goto(`${base}/admin/collections/posts/${post.id}`)
      await page.locator('#field-title').waitFor({ timeout: 30_000 })
      await page.getByRole('button', { name: 'Live Preview' }).click()
      const frame = page.frameLocator('iframe[src*="/preview?path="]')
      await expect.poll(() => frame.locator('.preview-banner').count(), { timeout: 30_000 }).toBe(1)
      expect(await frame.locator('h1').textContent()).toBe(post.title)
      expect(new URL((await page.locator('iframe[src*="/preview?path="]').evaluate((iframe) => (iframe as HTMLIFrameElement).contentWindow?.location.href)) ?? '').origin).toBe(base)
      await page.context().close()
    })
  }
})

/** A new browser context signed in to the admin as a demo user. */
const signedInAs = (email: string): Promise<Page> => signInToAdmin(browser, server.url, email, DEMO_PASSWORD)

describe('what the admin offers, by role', () => {
  it('shows Reindex on the search index to admins only', { timeout: 120_000 }, async () => {
    const admin = await signedInAs(DEMO_ADMIN_EMAIL)
    await admin.goto(`${server.url}/admin/collections/search`)
    await admin.getByRole('button', { name: /Reindex/ }).waitFor({ timeout: 30_000 })
    await admin.context().close()

    page = await signedInAs('maya@folio.test')
    await page.goto(`${server.url}/admin/collections/search`)
    // The list itself is there (authors may read the index), the button is not.
    await page.locator('table tbody tr').first().waitFor({ timeout: 30_000 })
    expect(await page.getByRole('button', { name: /Reindex/ }).count()).toBe(0)
    await page.context().close()
  })
})

describe('the dashboard', () => {
  it('shows counts, upcoming schedules, stale drafts, latest changes and failing webhooks to admins; less to authors', { timeout: 150_000 }, async () => {
    // A draft scheduled to publish tomorrow, a draft nobody touched for ten days, an endpoint failing.
    const draft = (title: string) => server.api('/api/posts?draft=true', { method: 'POST', token, json: { title, excerpt: 'x', content: lexicalFromLines(['Draft.']), _status: 'draft' } })
    const scheduled = (await draft('Launch announcement')).body.doc
    const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString()
    expect((await server.api(`/api/posts/${scheduled.id}/schedule`, { method: 'POST', token, json: { action: 'publish', at: tomorrow } })).status).toBe(201)
    const stale = (await draft('Forgotten idea')).body.doc
    const endpoint = (await server.api('/api/webhooks', { method: 'POST', token, json: { name: 'Broken CRM', url: receiver.url, events: ['published'] } })).body.doc
    const client = await MongoClient.connect(server.environment.databaseUri)
    try {
      const db = client.db()
      await db.collection('posts').updateOne({ _id: new ObjectId(String(stale.id)) }, { $set: { updatedAt: new Date(Date.now() - 10 * 24 * 60 * 60 * 1000) } })
      await db.collection('webhooks').updateOne({ _id: new ObjectId(String(endpoint.id)) }, { $set: { failingSince: new Date(Date.now() - 60 * 60 * 1000) } })
    } finally {
      await client.close()
    }

    page = await signedInAs(DEMO_ADMIN_EMAIL)
    const dashboard = page.getByTestId('folio-dashboard')
    await dashboard.waitFor({ timeout: 30_000 })
    const posts = (await server.api('/api/posts?limit=1&depth=0', { token })).body.totalDocs
    const media = (await server.api('/api/media?limit=1&depth=0', { token })).body.totalDocs
    expect(await page.getByTestId('count-posts').textContent()).toBe(String(posts))
    expect(await page.getByTestId('count-media').textContent()).toBe(String(media))
    expect(await page.getByTestId('dashboard-upcoming').textContent()).toContain('Launch announcement')
    expect(await page.getByTestId('dashboard-upcoming').getByRole('link', { name: 'Launch announcement' }).getAttribute('href')).toBe(`/admin/collections/posts/${scheduled.id}`)
    const staleText = await page.getByTestId('dashboard-stale').textContent()
    expect(staleText).toContain('Forgotten idea')
    expect(staleText).not.toContain('Launch announcement')
    expect(await page.getByTestId('dashboard-changes').textContent()).toContain('Forgotten idea')
    expect(await page.getByTestId('dashboard-webhooks').textContent()).toContain('Broken CRM')
    // Folio's icon, not Payload's.
    expect(await page.locator('link[rel="icon"]').evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toEqual(['/folio-icon.svg'])
    const icon = await fetch(`${server.url}/folio-icon.svg`)
    expect(icon.headers.get('content-type')).toContain('image/svg+xml')
    expect(await icon.text()).toContain('<svg')
    await page.context().close()

    // An author sees the content and schedules, not the audit log or the webhooks.
    page = await signedInAs('maya@folio.test')
    await page.getByTestId('folio-dashboard').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('dashboard-changes').count()).toBe(0)
    expect(await page.getByTestId('dashboard-webhooks').count()).toBe(0)
    expect(Number(await page.getByTestId('count-posts').textContent())).toBeGreaterThan(0)
    await page.context().close()
  })
})
