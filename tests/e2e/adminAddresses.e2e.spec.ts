import fs from 'node:fs'

import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../../collections/seed/fixtures'
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
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } })
      page = await context.newPage()
      const failedRequests: string[] = []
      page.on('requestfailed', (request) => failedRequests.push(`${request.method()} ${request.url()}`))

      await page.goto(`${base}/admin/login`)
      await page.locator('input[name="email"]').waitFor({ timeout: 60_000 })
      await page.waitForLoadState('networkidle')
      await page.locator('input[name="email"]').fill(DEMO_ADMIN_EMAIL)
      await page.locator('input[name="password"]').fill(DEMO_PASSWORD)
      await page.locator('button[type="submit"]').click()
      await page.waitForURL(/\/admin\/?$/, { timeout: 30_000 })

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
      await context.close()
    })
  }
})

describe('what the admin offers, by role', () => {
  async function signedInAs(email: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } })
    const tab = await context.newPage()
    await tab.goto(`${server.url}/admin/login`)
    await tab.locator('input[name="email"]').waitFor({ timeout: 60_000 })
    await tab.waitForLoadState('networkidle')
    await tab.locator('input[name="email"]').fill(email)
    await tab.locator('input[name="password"]').fill(DEMO_PASSWORD)
    await tab.locator('button[type="submit"]').click()
    await tab.waitForURL(/\/admin\/?$/, { timeout: 30_000 })
    return tab
  }

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
