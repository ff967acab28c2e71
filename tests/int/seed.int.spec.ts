import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { seedIfEmpty } from '../../collections/seed/seedIfEmpty'
import { DEMO_PASSWORD, demoPosts } from '../../collections/seed/fixtures'
import { runJobsUntilIdle } from '../helpers/jobs'
import { startTestServer, type TestServer } from '../helpers/startTestServer'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhookReceiver'

let server: TestServer
let receiver: WebhookReceiver

/** Audit entries of changes to content (not sign-ins, nor the set-up of the webhook endpoint below). */
const contentAuditEntries = async () =>
  (await server.payload.count({ collection: 'audit-log', where: { and: [{ action: { not_equals: 'login' } }, { sourceCollection: { not_equals: 'webhooks' } }] } })).totalDocs

async function staffToken(): Promise<string> {
  const login = await server.api('/api/users/login', { method: 'POST', json: { email: 'admin@folio.test', password: DEMO_PASSWORD } })
  return login.body.token
}

beforeAll(async () => {
  process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1'
  server = await startTestServer('seed', { empty: true })
  // An endpoint subscribed to every change before seeding: seeding must send it nothing.
  receiver = await startWebhookReceiver()
  await server.payload.create({ collection: 'webhooks', data: { name: 'Receiver', url: receiver.url, events: ['created', 'updated', 'deleted', 'published', 'unpublished'] } })
  expect(await seedIfEmpty(server.payload)).toBe(true)
}, 180_000)

afterAll(async () => {
  delete process.env.WEBHOOK_ALLOWED_HOSTS
  await server?.stop()
  await receiver?.close()
})

describe('demo content', () => {
  it('has the published posts with SEO defaults', async () => {
    const posts = await server.api('/api/posts?limit=50&depth=0')
    expect(posts.body.totalDocs).toBe(demoPosts.length)
    for (const post of posts.body.docs) {
      expect(post.meta.title.startsWith(post.title.slice(0, 20))).toBe(true)
      expect(post.meta.title).toMatch(/ \| Folio$|…$/)
      expect(post.meta.description).toBeTruthy()
      expect(post.meta.image).toBe(post.heroImage)
    }
  })

  it('has a nested page at /about/team', async () => {
    const team = await server.api('/api/pages?where[path][equals]=/about/team&depth=0')
    expect(team.body.docs).toHaveLength(1)
    expect(team.body.docs[0].breadcrumbs.map((crumb: { label: string }) => crumb.label)).toEqual(['About', 'Our team'])
  })

  it('is in German too: categories, two posts, every page, the settings and the contact form; the other posts fall back to English', async () => {
    const german = async (path: string) => (await server.api(`${path}${path.includes('?') ? '&' : '?'}locale=de&depth=0`)).body
    expect((await german('/api/posts?where[slug][equals]=folio-stellt-sich-vor')).docs).toMatchObject([{ title: 'Folio stellt sich vor' }])
    expect((await german('/api/posts?where[slug][equals]=graphql-oder-rest')).docs).toMatchObject([{ title: 'GraphQL oder REST?' }])
    // Queries match the language asked for: an untranslated post is found by its English slug.
    expect((await german('/api/posts?where[slug][equals]=running-folio-on-mongodb')).docs).toEqual([])
    const untranslated = (await german('/api/posts?where[slug.en][equals]=running-folio-on-mongodb')).docs
    expect(untranslated).toMatchObject([{ title: 'Running Folio on MongoDB' }])
    expect((await german('/api/pages?where[path][equals]=/ueber-uns/team')).docs).toMatchObject([{ title: 'Unser Team' }])
    expect((await german('/api/pages?where[path][equals]=/')).docs[0].layout[0]).toMatchObject({ heading: 'Inhalte für jeden Bildschirm' })
    expect((await german('/api/categories?sort=slug')).docs.map((category: { slug: string }) => category.slug)).toEqual(['anleitungen', 'produkt', 'technik'])
    const settings = await german('/api/globals/site-settings')
    expect(settings.tagline).toBe('Das Headless-CMS für Firmenwebsites')
    expect(settings.navigation.map((entry: { link: { label: string; url: string } }) => [entry.link.label, entry.link.url])).toEqual([
      ['Blog', '/posts'],
      ['Über uns', '/about'],
      ['Kontakt', '/contact'],
      ['Suche', '/search'],
    ])
    const form = (await german('/api/forms?where[title][equals]=Contact')).docs[0]
    expect(form.fields.map((field: { label: string }) => field.label)).toEqual(['Name', 'E-Mail', 'Nachricht'])
    expect(form.submitButtonLabel).toBe('Senden')
    // English is as it was.
    expect((await server.api('/api/globals/site-settings?depth=0')).body.navigation[1].link.label).toBe('About')
  })

  it('has a contact form visitors can submit', async () => {
    const forms = await server.api('/api/forms?where[title][equals]=Contact&depth=0', { token: (await staffToken()) })
    expect(forms.body.docs).toHaveLength(1)
    const form = forms.body.docs[0]
    expect(form.fields.map((field: { name: string }) => field.name)).toEqual(['name', 'email', 'message'])
    expect(form.emails.map((email: { emailTo: string }) => email.emailTo)).toEqual(['admin@folio.test', '{{email}}'])
    expect((await server.api(`/api/forms/${form.id}/token`)).status).toBe(200)
    // The contact page at /contact shows it.
    const contact = await server.api('/api/pages?where[path][equals]=/contact&depth=1')
    expect(contact.body.docs[0].layout.map((block: { blockType: string }) => block.blockType)).toEqual(['richText', 'form'])
    expect(contact.body.docs[0].layout[1].form.id).toBe(form.id)
  })

  it('has three redirects that resolve', async () => {
    expect((await server.api('/api/redirects/lookup?path=/blog')).body).toEqual({ from: '/blog', to: '/posts', status: 301 })
    expect((await server.api('/api/redirects/lookup?path=/blog/hello-world')).body).toEqual({ from: '/blog/hello-world', to: '/posts/introducing-folio', status: 301 })
    expect((await server.api('/api/redirects/lookup?path=/careers')).body).toEqual({ from: '/careers', to: '/about/team', status: 302 })
  })

  it('is searchable, and was written without audit entries or webhook events', async () => {
    // Every published post and page: the nine posts, Home, About, Our team and Contact.
    expect(await server.payload.count({ collection: 'search' })).toEqual({ totalDocs: demoPosts.length + 4 })
    const search = await server.api('/api/search/query?q=team&limit=50')
    expect(search.body.results[0]).toMatchObject({ collection: 'pages', title: 'Our team', path: '/about/team' })
    // The sign-in of the contact form test is the only other entry.
    await runJobsUntilIdle(server.payload)
    expect(await contentAuditEntries()).toBe(0)
    expect(await server.payload.count({ collection: 'webhook-events' })).toEqual({ totalDocs: 0 })
    expect(receiver.received).toEqual([])

    // The same change made outside seeding is recorded and announced: the zeros above are the seeding's doing.
    const category = await server.payload.create({ collection: 'categories', data: { title: 'Written after seeding' } })
    expect(await contentAuditEntries()).toBe(1)
    await receiver.waitForSuccesses(1, (webhook) => webhook.json.type === 'categories.created' && webhook.json.data.id === category.id)
    await server.payload.delete({ collection: 'categories', id: category.id })
  })
})
