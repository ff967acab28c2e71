import fs from 'node:fs'

import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../../collections/seed/fixtures'
import { generateImage } from '@/lib/generateImage'
import { lexicalFromLines } from '@/lib/lexicalFromLines'
import { signInToAdmin } from '../helpers/adminSignIn'
import { launchBrowser } from '../helpers/launchBrowser'
import { startBuiltServer, type BuiltServer } from '../helpers/startBuiltServer'

/** What editors and authors meet in the admin: the schedule drawer, bulk actions, uploads, lists and logs. */

const AUTHOR = 'maya@folio.test'
const EDITOR = 'tomas@folio.test'

let server: BuiltServer
let browser: Browser
let page: Page | undefined
const tokens = {} as Record<string, string>

const signIn = async (email: string) => {
  const answer = await server.api('/api/users/login', { method: 'POST', json: { email, password: DEMO_PASSWORD } })
  return { token: String(answer.body.token), id: String(answer.body.user.id) }
}

beforeAll(async () => {
  server = await startBuiltServer('editors', { FORM_MIN_FILL_SECONDS: '0', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' }, { args: ['--seed-demo'] })
  for (const email of [DEMO_ADMIN_EMAIL, AUTHOR, EDITOR]) tokens[email] = (await signIn(email)).token
  browser = await launchBrowser()
}, 180_000)

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') {
    fs.mkdirSync('test-results', { recursive: true })
    await page?.screenshot({ path: `test-results/editors-${context.task.name.replace(/\W+/g, '-')}.png`, fullPage: true }).catch(() => undefined)
  }
  await page?.context().close().catch(() => undefined)
  page = undefined
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const draftBy = async (email: string, title: string) => {
  const created = await server.api('/api/posts?draft=true&depth=0', {
    method: 'POST',
    token: tokens[email],
    json: { title, excerpt: 'x', content: lexicalFromLines(['Draft.']), _status: 'draft' },
  })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  return String(created.body.doc.id)
}

const upcoming = async (id: string, email = DEMO_ADMIN_EMAIL) => (await server.api(`/api/posts/${id}/schedule`, { token: tokens[email] })).body.upcoming as { action: string; at: string; locale?: string }[]

/** A `datetime-local` value: the wall-clock time in Berlin `hoursAhead` from now (Berlin is UTC+1 in winter, UTC+2 in summer). */
function berlinWallClock(hoursAhead: number): { value: string; instant: Date } {
  const instant = new Date(Math.ceil((Date.now() + hoursAhead * 3_600_000) / 60_000) * 60_000)
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(instant)
      .map(({ type, value }) => [type, value]),
  )
  return { value: `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`, instant }
}

describe('the schedule drawer', () => {
  it('defaults to Publish for a draft, names the timezone, refuses a past time in the drawer and queues a future one', { timeout: 150_000 }, async () => {
    const id = await draftBy(AUTHOR, 'A draft to schedule')
    page = await signInToAdmin(browser, server.url, AUTHOR, DEMO_PASSWORD, { timezoneId: 'Europe/Berlin' })
    await page.goto(`${server.url}/admin/collections/posts/${id}`)
    await page.locator('#field-title').waitFor({ timeout: 30_000 })
    await page.locator('#folio-schedule').click()
    const drawer = page.getByTestId('schedule-drawer')
    await drawer.waitFor({ timeout: 15_000 })
    expect(await drawer.locator('input[name="schedule-action"][value="publish"]').isChecked()).toBe(true)
    expect(await page.getByTestId('schedule-timezone').textContent()).toMatch(/Europe\/Berlin \(UTC\+0[12]:00\)/)
    await page.getByTestId('schedule-none').waitFor({ timeout: 15_000 })

    // An hour ago, typed on the editor's clock: refused in the drawer, nothing queued.
    await drawer.locator('input[name="schedule-at"]').fill(berlinWallClock(-1).value)
    await page.locator('#folio-schedule-save').click()
    expect(await page.getByTestId('schedule-problem').textContent({ timeout: 15_000 })).toBe('at: must be in the future')
    expect(await upcoming(id)).toEqual([])
    // Beyond five years: refused the same way.
    await drawer.locator('input[name="schedule-at"]').fill(berlinWallClock(6 * 366 * 24).value)
    await page.locator('#folio-schedule-save').click()
    await expect.poll(() => page!.getByTestId('schedule-problem').textContent(), { timeout: 15_000 }).toBe('at: must be within five years')
    expect(await upcoming(id)).toEqual([])

    // Tomorrow at this time in Berlin: queued for exactly that instant, and listed.
    const tomorrow = berlinWallClock(24)
    await drawer.locator('input[name="schedule-at"]').fill(tomorrow.value)
    await page.locator('#folio-schedule-save').click()
    await page.getByTestId('schedule-upcoming').waitFor({ timeout: 15_000 })
    expect(await page.getByTestId('schedule-problem').count()).toBe(0)
    expect(await upcoming(id)).toEqual([expect.objectContaining({ action: 'publish', at: tomorrow.instant.toISOString() })])
    expect(await page.getByTestId('schedule-upcoming').textContent()).toContain('Publish on')

    // Cancelled from the drawer: gone from the queue.
    await page.getByTestId('schedule-upcoming').getByRole('button', { name: 'Cancel' }).click()
    await page.getByTestId('schedule-none').waitFor({ timeout: 15_000 })
    expect(await upcoming(id)).toEqual([])
    // Payload's own schedule entry, which could not show a refusal, is not offered beside Folio's.
    expect(await page.locator('#schedule-publish').count()).toBe(0)
  })

  it('defaults to Unpublish for a published post with nothing newer', { timeout: 120_000 }, async () => {
    const post = (await server.api('/api/posts?where[slug][equals]=introducing-folio&depth=0')).body.docs[0]
    page = await signInToAdmin(browser, server.url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
    await page.goto(`${server.url}/admin/collections/posts/${post.id}`)
    await page.locator('#field-title').waitFor({ timeout: 30_000 })
    await page.locator('#folio-schedule').click()
    await page.getByTestId('schedule-drawer').waitFor({ timeout: 15_000 })
    expect(await page.locator('input[name="schedule-action"][value="unpublish"]').isChecked()).toBe(true)
  })
})

describe('bulk actions as an author', () => {
  it('refuse a selection holding someone else’s post with the reason, and never say "0 … successfully"', { timeout: 150_000 }, async () => {
    const own = await draftBy(AUTHOR, 'Bulk test: mine')
    const others = await draftBy(EDITOR, 'Bulk test: the editor’s')
    page = await signInToAdmin(browser, server.url, AUTHOR, DEMO_PASSWORD)
    await page.goto(`${server.url}/admin/collections/posts?search=${encodeURIComponent('Bulk test')}`)
    const rows = page.locator('table tbody tr')
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2)
    for (const row of await rows.all()) await row.locator('input[type="checkbox"]').check()
    await page.getByRole('button', { name: 'Delete', exact: true }).click()
    await page.locator('#confirm-action').click()
    const toast = page.locator('[data-sonner-toast]').filter({ hasText: 'You may not delete 1 of the 2 selected posts' })
    await toast.first().waitFor({ timeout: 15_000 })
    expect(await toast.first().textContent()).toContain('Bulk test: the editor’s')
    expect(await page.locator('[data-sonner-toast]').filter({ hasText: /successfully/i }).count()).toBe(0)
    const left = await server.api(`/api/posts?draft=true&depth=0&where[id][in]=${own},${others}`, { token: tokens[DEMO_ADMIN_EMAIL] })
    expect(left.body.totalDocs).toBe(2)
  })
})

describe('uploads as an author', () => {
  it('offers Edit Image and alt text on their own upload only, and saves the alt text', { timeout: 150_000 }, async () => {
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(await generateImage(['#335577', '#ffffff'], 1, 96, 64))], { type: 'image/png' }), 'maya-photo.png')
    form.append('_payload', JSON.stringify({ alt: 'Maya’s photo' }))
    const mine = await server.api('/api/media?depth=0', { method: 'POST', token: tokens[AUTHOR], body: form })
    expect(mine.status, JSON.stringify(mine.body)).toBe(201)
    const theirs = (await server.api('/api/media?depth=0&limit=1&where[uploadedBy][exists]=false', { token: tokens[DEMO_ADMIN_EMAIL] })).body.docs[0]

    page = await signInToAdmin(browser, server.url, AUTHOR, DEMO_PASSWORD)
    await page.goto(`${server.url}/admin/collections/media/${theirs.id}`)
    await page.locator('.file-details, .upload').first().waitFor({ timeout: 30_000 })
    await page.waitForLoadState('networkidle')
    expect(await page.getByRole('button', { name: 'Edit Image' }).count()).toBe(0)
    expect(await page.locator('#field-alt').isDisabled()).toBe(true)

    await page.goto(`${server.url}/admin/collections/media/${mine.body.doc.id}`)
    await page.getByRole('button', { name: 'Edit Image' }).waitFor({ timeout: 30_000 })
    await page.locator('#field-alt').fill('Maya at the harbour')
    await page.locator('#action-save').click()
    await expect
      .poll(async () => (await server.api(`/api/media/${mine.body.doc.id}?depth=0`)).body.alt, { timeout: 15_000 })
      .toBe('Maya at the harbour')
  })
})

describe('folders', () => {
  it('Browse by Folder lists a folder, and in it its sub-folder and its images', { timeout: 150_000 }, async () => {
    const admin = tokens[DEMO_ADMIN_EMAIL]
    const create = async (path: string, init: { json?: unknown; body?: FormData }) => {
      const answer = await server.api(path, { method: 'POST', token: admin, ...init })
      expect(answer.status, JSON.stringify(answer.body)).toBe(201)
      return String(answer.body.doc.id)
    }
    const harbour = await create('/api/payload-folders?depth=0', { json: { name: 'Harbour photos' } })
    await create('/api/payload-folders?depth=0', { json: { name: 'Rejected shots', folder: harbour } })
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(await generateImage(['#113355', '#ffcc88'], 1, 96, 64))], { type: 'image/png' }), 'dusk.png')
    form.append('_payload', JSON.stringify({ alt: 'Harbour at dusk', folder: harbour }))
    await create('/api/media?depth=0', { body: form })

    page = await signInToAdmin(browser, server.url, EDITOR, DEMO_PASSWORD)
    await page.goto(`${server.url}/admin/browse-by-folder`)
    const cardNamed = (name: string) => page!.locator('.folder-file-card__name', { hasText: name })
    await cardNamed('Harbour photos').waitFor({ timeout: 30_000 })

    await page.goto(`${server.url}/admin/browse-by-folder/${harbour}`)
    await cardNamed('Rejected shots').waitFor({ timeout: 30_000 })
    await cardNamed('Harbour at dusk').waitFor({ timeout: 15_000 })
    expect(await page.locator('.folder-file-card').count()).toBe(2)
  })
})

describe('lists and logs', () => {
  it('show the columns editors scan, submitters, version authors and labelled audit entries', { timeout: 180_000 }, async () => {
    const admin = tokens[DEMO_ADMIN_EMAIL]
    // A change by the editor, then one by the admin: two versions, each with its editor.
    const post = (await server.api('/api/posts?where[slug][equals]=introducing-folio&depth=0')).body.docs[0]
    expect((await server.api(`/api/posts/${post.id}`, { method: 'PATCH', token: tokens[EDITOR], json: { excerpt: 'Changed by the editor' } })).status).toBe(200)
    expect((await server.api(`/api/posts/${post.id}`, { method: 'PATCH', token: admin, json: { meta: { description: 'A description from the admin' } } })).status).toBe(200)

    page = await signInToAdmin(browser, server.url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
    await page.goto(`${server.url}/admin/collections/posts`)
    await page.locator('table tbody tr').first().waitFor({ timeout: 30_000 })
    const headings = (await page.locator('table thead th').allTextContents()).map((text) => text.trim()).filter(Boolean)
    expect(headings).toEqual(expect.arrayContaining(['Title', 'Hero Image', 'Status', 'Authors', 'Categories', 'Updated At']))
    // Saved filters (query presets) and export are offered on the list.
    await page.getByRole('button', { name: /preset/i }).first().waitFor({ timeout: 15_000 })

    // The version history: who made each version; the slug's switch is not listed as a change.
    await page.goto(`${server.url}/admin/collections/posts/${post.id}/versions`)
    await page.locator('table tbody tr').first().waitFor({ timeout: 30_000 })
    await page.locator('table tbody tr a').first().click()
    await page.getByText('Last edited by').first().waitFor({ timeout: 30_000 })
    expect(await page.getByText('Generate Slug').count()).toBe(0)

    // The audit log: the changed fields by the labels editors know.
    await page.goto(`${server.url}/admin/collections/audit-log?limit=10`)
    const cells = page.getByTestId('audit-changed-fields')
    // Entries without changed fields (sign-ins) have an empty cell.
    await cells.filter({ hasText: /\S/ }).first().waitFor({ timeout: 30_000 })
    const labels = await cells.allTextContents()
    expect(labels.some((text) => /SEO › Description|Meta › Description/.test(text))).toBe(true)
    expect(labels.join(' ')).not.toContain('meta.description')

    // Form submissions: who wrote, by name and email.
    const form = (await server.api('/api/forms?depth=0&limit=1', { token: admin })).body.docs[0]
    // Sent as a visitor's browser does (the server waits no minimum time to fill the form here).
    const formToken = (await server.api(`/api/forms/${form.id}/token`)).body.token
    const sent = await server.api('/api/form-submissions', {
      method: 'POST',
      json: { form: form.id, formToken, submissionData: [{ field: 'name', value: 'Rosa Parks' }, { field: 'email', value: 'rosa@example.com' }, { field: 'message', value: 'Hello' }] },
    })
    expect(sent.status, JSON.stringify(sent.body)).toBe(201)
    await page.goto(`${server.url}/admin/collections/form-submissions`)
    const row = page.locator('table tbody tr').filter({ hasText: 'Rosa Parks' })
    await row.waitFor({ timeout: 30_000 })
    expect(await row.textContent()).toContain('rosa@example.com')
    const submissionHeadings = (await page.locator('table thead th').allTextContents()).map((text) => text.trim())
    expect(submissionHeadings).toEqual(expect.arrayContaining(['Name', 'Email', 'Form']))

  })

  it('offers "Show secret once" until it was used, and counts test events apart', { timeout: 150_000 }, async () => {
    const admin = tokens[DEMO_ADMIN_EMAIL]
    const created = await server.api('/api/webhooks', { method: 'POST', token: admin, json: { name: 'Unreachable', url: 'http://127.0.0.1:9/hook', events: ['published'] } })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    page = await signInToAdmin(browser, server.url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
    await page.goto(`${server.url}/admin/collections/webhooks/${created.body.doc.id}`)
    await page.getByRole('button', { name: 'Show secret once' }).click({ timeout: 30_000 })
    await page.getByTestId('webhook-secret').waitFor({ timeout: 15_000 })
    await page.getByRole('button', { name: 'Send test event' }).click()
    await page.getByTestId('webhook-delivery-row').filter({ hasText: 'failed' }).first().waitFor({ timeout: 30_000 })
    // The row and the counts are read at slightly different moments; the panel refreshes every 5 s.
    const testEvents = page.getByTestId('webhook-test-events')
    await expect.poll(() => testEvents.textContent({ timeout: 15_000 }), { timeout: 20_000 }).toContain('1 failed')
    expect(await page.getByTestId('webhook-success-rate').textContent()).toContain('0 failed')

    await page.reload()
    await page.getByTestId('webhook-secret-status').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('webhook-secret-status').textContent()).toContain('rotate it to see a new one')
    expect(await page.getByRole('button', { name: 'Show secret once' }).count()).toBe(0)
    // Internal bookkeeping is not shown; an empty status says nothing.
    expect(await page.getByText('Secret Shown At').count()).toBe(0)
    expect(await page.getByText('Disabled at').count()).toBe(0)
  })
})
