import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { generateImage } from '@/lib/generateImage'
import { lexicalFromLines } from '@/lib/lexicalFromLines'
import { signInToAdmin } from '../helpers/adminSignIn'
import { launchBrowser } from '../helpers/launchBrowser'
import { startBuiltServer, type BuiltServer } from '../helpers/startBuiltServer'
import { startWebhookReceiver, verifyWebhook, type WebhookReceiver } from '../helpers/webhookReceiver'

const EMAIL = 'editor-in-chief@folio.test'
const FRONTEND_URL = 'http://frontend.folio.test'
const PASSWORD = 'a-long-password-1'

let server: BuiltServer
let browser: Browser
let page: Page
let imagePath: string
let receiver: WebhookReceiver

beforeAll(async () => {
  receiver = await startWebhookReceiver()
  server = await startBuiltServer('admin', { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', FRONTEND_URL, FORM_MIN_FILL_SECONDS: '0' })
  imagePath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'folio-e2e-')), 'harbour.png')
  fs.writeFileSync(imagePath, await generateImage(['#0f766e', '#f59e0b'], 11, 1600, 900))
  browser = await launchBrowser()
}, 180_000)

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') {
    fs.mkdirSync('test-results', { recursive: true })
    await page?.screenshot({ path: 'test-results/admin-failure.png', fullPage: true }).catch(() => undefined)
  }
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await receiver?.close()
  if (imagePath) fs.rmSync(path.dirname(imagePath), { recursive: true, force: true })
})

/** A REST token of the first user. */
async function adminToken(): Promise<string> {
  const login = await server.api('/api/users/login', { method: 'POST', json: { email: EMAIL, password: PASSWORD } })
  return login.body.token
}

/** A new browser page signed in to the admin as the first user. */
function logIn(): Promise<Page> {
  return signInToAdmin(browser, server.url, EMAIL, PASSWORD)
}

describe('the admin panel', () => {
  it('has a new installation create its first user, who becomes admin', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } })
    page = await context.newPage()
    await page.goto(`${server.url}/admin`)
    await page.waitForURL(/\/admin\/create-first-user/, { timeout: 60_000 })
    // Typing before React has hydrated the form is lost when it does (seen on a busy machine).
    await page.waitForLoadState('networkidle')
    await page.locator('#field-email').fill(EMAIL)
    await page.locator('#field-password').fill(PASSWORD)
    await page.locator('#field-confirm-password').fill(PASSWORD)
    await page.locator('#field-name').fill('Editor in Chief')
    await expect.poll(() => page.locator('#field-email').inputValue()).toBe(EMAIL)
    await page.locator('button[type="submit"]').click()
    await page.waitForURL(/\/admin\/?$/, { timeout: 30_000 })

    const login = await server.api('/api/users/login', { method: 'POST', json: { email: EMAIL, password: PASSWORD } })
    expect(login.status).toBe(200)
    const users = await server.api('/api/users?depth=0', { token: login.body.token })
    expect(users.body.docs.map(({ email, name, role }: Record<string, string>) => ({ email, name, role }))).toEqual([
      { email: EMAIL, name: 'Editor in Chief', role: 'admin' },
    ])
    await context.close()
  })

  it('logs in, creates and publishes a post with an image, and the post appears through REST', { timeout: 180_000 }, async () => {
    page = await logIn()

    await page.goto(`${server.url}/admin/collections/posts/create`)
    await page.locator('#field-title').fill('Written in the browser', { timeout: 30_000 })
    await page.locator('#field-excerpt').fill('Created and published through the admin panel.')

    await page.locator('#field-heroImage').getByRole('button', { name: 'Create New' }).click()
    const drawer = page.locator('.drawer__content, [class*="drawer"]').filter({ hasText: 'Creating new Media' }).last()
    await drawer.locator('input[type="file"]').setInputFiles(imagePath)
    await drawer.locator('#field-alt').fill('A harbour at dusk')
    await drawer.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => page.getByText('harbour.png').count(), { timeout: 30_000 }).toBeGreaterThan(0)

    await page.getByRole('button', { name: 'Publish changes' }).click()
    await expect.poll(() => page.getByText('Status: Published').count(), { timeout: 30_000 }).toBeGreaterThan(0)

    const query = '/api/posts?where[title][equals]=Written in the browser&depth=1'
    await expect.poll(async () => (await server.api(query)).body.totalDocs, { timeout: 15_000 }).toBe(1)
    const response = await server.api(query)
    expect(response.status).toBe(200)
    const post = response.body.docs[0]
    expect(post).toMatchObject({
      title: 'Written in the browser',
      slug: 'written-in-the-browser',
      excerpt: 'Created and published through the admin panel.',
      _status: 'published',
      populatedAuthors: [{ name: 'Editor in Chief' }],
    })
    expect(post.publishedAt).toBeTruthy()
    expect(post.heroImage).toMatchObject({ alt: 'A harbour at dusk', filename: 'harbour.png', mimeType: 'image/png' })
    expect(post.heroImage.sizes.card).toMatchObject({ width: 768, height: 512, mimeType: 'image/webp' })
    // SEO fields the editor left empty are filled from the post.
    expect(post.meta).toMatchObject({ title: 'Written in the browser | Folio', description: 'Created and published through the admin panel.' })
    expect(post.meta.image.id).toBe(post.heroImage.id)

    // Payload offers Live Preview on a saved document's own page (never on /create, where the
    // browser may still be after an autosave created the post): open it there.
    await page.goto(`${server.url}/admin/collections/posts/${post.id}`)
    await page.getByRole('button', { name: 'Live Preview' }).click({ timeout: 30_000 })
    const preview = page.locator('iframe').first()
    await expect.poll(() => preview.getAttribute('src'), { timeout: 15_000 }).toBe(`${FRONTEND_URL}/preview?path=%2Fposts%2Fwritten-in-the-browser&collection=posts&id=${post.id}`)
  })

  it('saves a page built from blocks and the site settings', { timeout: 120_000 }, async () => {
    await page.goto(`${server.url}/admin/collections/pages/create`)
    await page.locator('#field-title').waitFor({ timeout: 30_000 })
    await page.waitForLoadState('networkidle')
    await page.getByRole('button', { name: /Add Layout/i }).click()
    await page.getByRole('button', { name: /^Hero$/ }).first().click()
    await page.locator('input[name="layout.0.heading"]').fill('We make things')
    await page.locator('input[name="layout.0.cta.label"]').fill('Contact us')
    await page.locator('input[name="layout.0.cta.url"]').fill('/contact')
    await page.locator('#field-title').fill('About us')
    await page.waitForLoadState('networkidle')
    await page.getByRole('button', { name: 'Publish changes' }).click()
    const pageQuery = '/api/pages?where[slug][equals]=about-us'
    await expect.poll(async () => (await server.api(pageQuery)).body.totalDocs, { timeout: 15_000 }).toBe(1)
    const saved = (await server.api(pageQuery)).body.docs[0]
    expect(saved.layout).toEqual([
      expect.objectContaining({
        blockType: 'hero',
        heading: 'We make things',
        cta: expect.objectContaining({ label: 'Contact us', type: 'url', url: '/contact' }),
      }),
    ])

    // Each edit sends the form state to the server; adding a row while an earlier edit's answer is
    // still on its way can leave the row loading, so the form is let settle between the two.
    await page.goto(`${server.url}/admin/globals/site-settings`)
    await page.locator('#field-siteName').waitFor({ timeout: 30_000 })
    await page.waitForLoadState('networkidle')
    await page.getByRole('button', { name: /Add Navigation/i }).click()
    await page.locator('input[name="navigation.0.link.label"]').fill('Home', { timeout: 30_000 })
    await page.locator('input[name="navigation.0.link.url"]').fill('/')
    await page.locator('#field-siteName').fill('Acme Blog')
    await page.waitForLoadState('networkidle')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect
      .poll(async () => (await server.api('/api/globals/site-settings')).body.siteName, { timeout: 15_000 })
      .toBe('Acme Blog')
    const settings = (await server.api('/api/globals/site-settings')).body
    expect(settings.navigation[0].link).toMatchObject({ label: 'Home', type: 'url', url: '/' })
  })
  it("shows a webhook's secret once, sends a test event and lists the delivery", { timeout: 120_000 }, async () => {
    const login = await server.api('/api/users/login', { method: 'POST', json: { email: EMAIL, password: PASSWORD } })
    const created = await server.api('/api/webhooks', { method: 'POST', token: login.body.token, json: { name: 'Browser receiver', url: receiver.url, events: ['published'] } })
    expect(created.status).toBe(201)

    page = await logIn()

    await page.goto(`${server.url}/admin/collections/webhooks/${created.body.doc.id}`)
    await page.getByRole('button', { name: 'Show secret once' }).click({ timeout: 30_000 })
    const secret = (await page.getByTestId('webhook-secret').textContent({ timeout: 15_000 }))?.trim() ?? ''
    expect(secret).toMatch(/^whsec_/)
    await expect.poll(() => page.getByRole('button', { name: 'Show secret once' }).count()).toBe(0)

    await page.getByRole('button', { name: 'Send test event' }).click()
    const [webhook] = await receiver.waitForSuccesses(1)
    expect(webhook.json.type).toBe('webhook.test')
    expect(verifyWebhook(webhook, secret)).toEqual(webhook.json)
    const row = page.getByTestId('webhook-delivery-row').filter({ hasText: 'webhook.test' })
    await expect.poll(() => row.filter({ hasText: 'succeeded' }).count(), { timeout: 15_000 }).toBe(1)

    const again = await server.api(`/api/webhooks/${created.body.doc.id}/secret`, { method: 'POST', token: login.body.token })
    expect(again.status).toBe(409)
  })

  it('lists form submissions and the audit log, which cannot be edited', { timeout: 120_000 }, async () => {
    const login = await server.api('/api/users/login', { method: 'POST', json: { email: EMAIL, password: PASSWORD } })
    const form = await server.api('/api/forms', {
      method: 'POST',
      token: login.body.token,
      json: {
        title: 'Contact',
        fields: [{ blockType: 'email', name: 'email', label: 'Email', required: true }],
        confirmationType: 'message',
        confirmationMessage: lexicalFromLines(['Thank you.']),
      },
    })
    expect(form.body.errors).toBeUndefined()
    expect(form.status).toBe(201)
    const { token } = (await server.api(`/api/forms/${form.body.doc.id}/token`)).body
    const submitted = await server.api('/api/form-submissions', {
      method: 'POST',
      json: { form: form.body.doc.id, formToken: token, website: '', submissionData: [{ field: 'email', value: 'visitor@example.com' }] },
    })
    expect(submitted.body.errors).toBeUndefined()
    expect(submitted.status).toBe(201)

    page = await logIn()
    await page.goto(`${server.url}/admin/collections/form-submissions/${submitted.body.doc.id}`)
    const values = () => page.locator('input, textarea').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))
    await expect.poll(values, { timeout: 30_000 }).toContain('visitor@example.com')

    await page.goto(`${server.url}/admin/collections/audit-log`)
    const publishRow = page.locator('tr').filter({ hasText: 'Written in the browser' }).filter({ hasText: /publish/i })
    await expect.poll(() => publishRow.count(), { timeout: 30_000 }).toBeGreaterThan(0)
    expect(await page.getByRole('link', { name: /Create New/i }).count()).toBe(0)
    await publishRow.first().locator('a').first().click()
    await page.waitForURL(/\/admin\/collections\/audit-log\/[0-9a-f]{24}/, { timeout: 30_000 })
    await expect.poll(() => page.locator('#field-userEmail').count(), { timeout: 30_000 }).toBeGreaterThan(0)
    expect(await page.locator('#field-userEmail').isDisabled()).toBe(true)
    expect(await page.getByRole('button', { name: /^Save$/ }).count()).toBe(0)
  })

  it("switches a post's language, publishes the German translation and leaves the English as it was", { timeout: 120_000 }, async () => {
    const created = await server.api('/api/posts?depth=0', {
      method: 'POST',
      token: await adminToken(),
      json: { title: 'Written in English', slug: 'written-in-english', _status: 'published' },
    })
    expect(created.status).toBe(201)
    const id = created.body.doc.id
    page = await logIn()
    await page.goto(`${server.url}/admin/collections/posts/${id}`)
    await page.locator('#field-title').waitFor({ timeout: 30_000 })
    expect(await page.locator('#field-title').inputValue()).toBe('Written in English')

    // Payload's language switch, beside the document's controls.
    await page.locator('.localizer button').first().click()
    await page.getByRole('button', { name: /Deutsch/ }).click()
    await page.waitForURL(/[?&]locale=de/, { timeout: 30_000 })
    await page.locator('#field-title').fill('Auf Deutsch geschrieben')
    await page.getByRole('button', { name: 'Publish changes' }).click()
    await expect
      .poll(async () => (await server.api(`/api/posts/${id}?depth=0&locale=de`)).body.title, { timeout: 30_000 })
      .toBe('Auf Deutsch geschrieben')
    expect((await server.api(`/api/posts/${id}?depth=0&locale=en`)).body.title).toBe('Written in English')

    // The admin remembers an editor's language: back to English, as the editor found it.
    await page.locator('.localizer button').first().click()
    await page.getByRole('button', { name: /English/ }).click()
    await page.waitForURL(/[?&]locale=en/, { timeout: 30_000 })
    await expect.poll(() => page.locator('#field-title').inputValue(), { timeout: 30_000 }).toBe('Written in English')
  })

})
