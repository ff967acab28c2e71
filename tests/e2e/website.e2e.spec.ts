import fs from 'node:fs'

import axe from 'axe-core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../../collections/seed/fixtures'
import { lexicalFromLines } from '@/lib/lexicalFromLines'
import { signInToAdmin } from '../helpers/adminSignIn'
import { launchBrowser } from '../helpers/launchBrowser'
import { startBuiltServer, type BuiltServer } from '../helpers/startBuiltServer'

let server: BuiltServer
let browser: Browser
let visitor: BrowserContext
let page: Page
let token: string

beforeAll(async () => {
  // The demo content (`npm start`'s): home page, posts, /about/team, /contact with its form, redirects.
  server = await startBuiltServer('website', { FORM_MIN_FILL_SECONDS: '0' }, { args: ['--seed-demo'] })
  const login = await server.api('/api/users/login', { method: 'POST', json: { email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD } })
  expect(login.status).toBe(200)
  token = login.body.token
  browser = await launchBrowser()
  visitor = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  page = await visitor.newPage()
}, 180_000)

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') {
    fs.mkdirSync('test-results', { recursive: true })
    await page?.screenshot({ path: `test-results/website-${context.task.name.replace(/\W+/g, '-')}.png`, fullPage: true }).catch(() => undefined)
  }
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

/** What a browser gets for `path` without following redirects. */
const raw = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, { redirect: 'manual', ...init })

/** axe-core's serious and critical violations on the page as it is now. */
async function seriousViolations(on: Page): Promise<string[]> {
  await on.addScriptTag({ content: axe.source })
  const results = await on.evaluate(() => (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }))
  return results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)
}

describe('the website, as a visitor reads it', () => {
  it('shows the home page from its blocks, with the navigation from the site settings', async () => {
    const response = await page.goto(`${server.url}/`)
    expect(response?.status()).toBe(200)
    expect(await page.title()).toBe('Home | Folio')
    expect(await page.locator('h1').textContent()).toBe('Content for every screen')
    expect(await page.locator('nav[aria-label="Main"] a').allTextContents()).toEqual(['Blog', 'About', 'Contact', 'Search'])
    expect(await page.locator('.site-name').textContent()).toContain('The headless CMS for company websites')

    // Responsive images: sizes set (no layout shift), AVIF and WebP offered, the first one eager, the rest lazy.
    const images = await page.locator('main img').evaluateAll((nodes) =>
      (nodes as HTMLImageElement[]).map((img) => ({ width: img.getAttribute('width'), height: img.getAttribute('height'), loading: img.loading, srcset: img.srcset, sources: [...(img.parentElement?.querySelectorAll('source') ?? [])].map((source) => source.type), loaded: img.complete && img.naturalWidth > 0 })),
    )
    expect(images.length).toBeGreaterThanOrEqual(2)
    for (const image of images) {
      expect(Number(image.width)).toBeGreaterThan(0)
      expect(Number(image.height)).toBeGreaterThan(0)
      expect(image.srcset).toMatch(/ 320w/)
      expect(image.sources).toEqual(['image/avif', 'image/webp'])
    }
    expect(images.map((image) => image.loading)).toEqual(['eager', ...images.slice(1).map(() => 'lazy')])
    expect(images[0].loaded).toBe(true)
    expect(await seriousViolations(page)).toEqual([])
  })

  it('lists the blog with pages and category filters, and opens a post with its SEO tags and JSON-LD', async () => {
    await page.goto(`${server.url}/posts`)
    expect(await page.locator('h1').textContent()).toBe('Blog')
    const titles = await page.locator('.card-title').allTextContents()
    expect(titles).toHaveLength(9)
    expect(await seriousViolations(page)).toEqual([])

    await page.locator('nav[aria-label="Categories"]').getByRole('link', { name: 'Engineering' }).click()
    await page.waitForURL(/\/categories\/engineering$/)
    const category = (await server.api('/api/categories?where[slug][equals]=engineering&depth=0')).body.docs[0]
    const engineering = await server.api(`/api/posts?where[categories][in]=${category.id}&limit=20&depth=0&sort=-publishedAt`)
    expect(await page.locator('.card-title').allTextContents()).toEqual(engineering.body.docs.map((post: { title: string }) => post.title))
    expect(engineering.body.docs.length).toBeLessThan(titles.length)

    await page.locator('.card-title a').first().click()
    await page.waitForURL(/\/posts\/[\w-]+$/)
    const slug = new URL(page.url()).pathname.split('/').pop()
    const { body } = await server.api(`/api/posts?where[slug][equals]=${slug}&depth=1`)
    const post = body.docs[0]
    expect(await page.locator('h1').textContent()).toBe(post.title)
    expect(await page.title()).toBe(post.meta.title)
    expect(await page.locator('meta[name="description"]').getAttribute('content')).toBe(post.meta.description)
    expect(await page.locator('meta[property="og:type"]').getAttribute('content')).toBe('article')
    expect(await page.locator('meta[property="og:image"]').getAttribute('content')).toContain('preset=social')
    expect(await page.locator('meta[name="twitter:card"]').getAttribute('content')).toBe('summary_large_image')
    const structured = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}')
    expect(structured).toMatchObject({ '@type': 'BlogPosting', headline: post.title, datePublished: post.publishedAt, author: [{ name: post.populatedAuthors[0].name }] })
    expect(await page.locator('.prose h2').count()).toBeGreaterThan(0)
    expect(await seriousViolations(page)).toEqual([])
  })

  it('shows a nested page at its full path with breadcrumbs', async () => {
    await page.goto(`${server.url}/about/team`)
    expect(await page.locator('h1').textContent()).toBe('Our team')
    expect(await page.locator('nav[aria-label="Breadcrumb"] a').allTextContents()).toEqual(['About'])
    expect(await page.locator('.prose').textContent()).toContain('Editors, writers and engineers')
    expect(await seriousViolations(page)).toEqual([])
  })

  it('searches with Folio\'s search API and highlights the matches', async () => {
    await page.goto(`${server.url}/search`)
    await page.locator('input[name="q"]').fill('graphql')
    await page.getByRole('button', { name: 'Search' }).click()
    await page.waitForURL(/\/search\?q=graphql/)
    const expected = await server.api('/api/search/query?q=graphql&limit=10')
    expect(expected.body.totalDocs).toBeGreaterThan(0)
    expect(await page.locator('.results h2').allTextContents()).toEqual(expected.body.results.map((result: { title: string }) => result.title))
    expect((await page.locator('.results mark').first().textContent())?.toLowerCase()).toBe('graphql')
    expect(await seriousViolations(page)).toEqual([])
  })

  it('sends the contact form, and refuses what the honeypot catches without storing it', async () => {
    const before = (await server.api('/api/form-submissions?limit=1', { token })).body.totalDocs
    await page.goto(`${server.url}/contact`)
    expect(await seriousViolations(page)).toEqual([])
    await page.getByLabel('Name').fill('Ada Lovelace')
    await page.getByLabel('Email').fill('ada@example.com')
    await page.getByLabel('Message').fill('Hello from the website test.')
    await page.getByRole('button', { name: 'Send' }).click()
    await page.locator('.notice.success').waitFor()
    expect(await page.locator('.notice.success').textContent()).toContain('Thank you!')
    const stored = await server.api('/api/form-submissions?limit=1&sort=-createdAt&depth=0', { token })
    expect(stored.body.totalDocs).toBe(before + 1)
    expect(stored.body.docs[0].submissionData).toEqual([
      { field: 'name', value: 'Ada Lovelace', id: expect.any(String) },
      { field: 'email', value: 'ada@example.com', id: expect.any(String) },
      { field: 'message', value: 'Hello from the website test.', id: expect.any(String) },
    ])

    // A bot fills every input it finds, the off-screen honeypot too.
    await page.goto(`${server.url}/contact`)
    await page.getByLabel('Name').fill('Spam Bot')
    await page.getByLabel('Email').fill('bot@example.com')
    await page.getByLabel('Message').fill('Buy now')
    await page.locator('input[name="website"]').fill('https://spam.example', { force: true })
    await page.getByRole('button', { name: 'Send' }).click()
    await page.locator('.notice.error').waitFor()
    expect(await page.locator('.notice.error').textContent()).toContain('website')
    expect((await server.api('/api/form-submissions?limit=1', { token })).body.totalDocs).toBe(before + 1)
  })

  it('answers old addresses with real 301 and 302 redirects, and unknown ones with the 404 page', async () => {
    const permanent = await raw('/blog/hello-world')
    expect(permanent.status).toBe(301)
    expect(permanent.headers.get('location')).toBe('/posts/introducing-folio')
    const temporary = await raw('/careers')
    expect(temporary.status).toBe(302)
    expect(temporary.headers.get('location')).toBe('/about/team')

    await page.goto(`${server.url}/blog/hello-world`)
    expect(new URL(page.url()).pathname).toBe('/posts/introducing-folio')
    expect(await page.locator('h1').textContent()).toBe('Introducing Folio')

    const missing = await page.goto(`${server.url}/no/such/page`)
    expect(missing?.status()).toBe(404)
    expect(await page.locator('h1').textContent()).toBe('Page not found')
    expect(await seriousViolations(page)).toEqual([])
    expect((await raw('/posts/no-such-post')).status).toBe(404)
  })

  it('publishes a sitemap, robots.txt and an RSS feed of the published posts', async () => {
    const posts = (await server.api('/api/posts?limit=100&depth=0&sort=-publishedAt')).body.docs as { slug: string; title: string }[]
    const sitemap = await (await raw('/sitemap.xml')).text()
    for (const post of posts) expect(sitemap).toContain(`/posts/${post.slug}</loc>`)
    expect(sitemap).toContain('/about/team</loc>')
    const robots = await (await raw('/robots.txt')).text()
    expect(robots).toContain('Disallow: /admin')
    expect(robots).toMatch(/Sitemap: http:\/\/127\.0\.0\.1:\d+\/sitemap\.xml/)
    const feed = await raw('/feed.xml')
    expect(feed.headers.get('content-type')).toContain('application/rss+xml')
    const items = [...(await feed.text()).matchAll(/<item>\s*<title>([^<]*)<\/title>/g)].map((match) => match[1])
    expect(items).toEqual(posts.map((post) => post.title.replace(/&/g, '&amp;')))
  })
})

/** The page's `<link rel="alternate" hreflang>` targets, by language. */
const hreflangs = (on: Page) =>
  on.locator('head link[rel="alternate"][hreflang]').evaluateAll((links) => Object.fromEntries((links as HTMLLinkElement[]).map((link) => [link.hreflang, link.href])))

/** Every link on the page to a path of the site (not the admin, the API or the one sitemap), outside the language switch. */
const siteLinks = (on: Page) =>
  on.locator('a[href^="/"]').evaluateAll((links) =>
    (links as HTMLAnchorElement[]).filter((link) => !link.closest('.language-switch')).map((link) => link.getAttribute('href')!).filter((href) => !/^\/(admin|api|sitemap\.xml)(\/|$)/.test(href)),
  )

describe('the website in German', () => {
  it('switches an English post to its German version with the language switch, in a German frame', async () => {
    await page.goto(`${server.url}/posts/introducing-folio`)
    const languages = page.getByRole('navigation', { name: 'Language' })
    expect(await languages.getByRole('link', { name: 'English' }).getAttribute('aria-current')).toBe('page')

    await languages.getByRole('link', { name: 'Deutsch' }).click()
    await page.waitForURL(`${server.url}/de/posts/folio-stellt-sich-vor`)
    expect(await page.locator('h1').textContent()).toBe('Folio stellt sich vor')
    expect(await page.locator('html').getAttribute('lang')).toBe('de')
    expect(await hreflangs(page)).toEqual({
      en: `${server.url}/posts/introducing-folio`,
      de: `${server.url}/de/posts/folio-stellt-sich-vor`,
      'x-default': `${server.url}/posts/introducing-folio`,
    })
    expect(await page.locator('link[rel="canonical"]').getAttribute('href')).toBe(`${server.url}/de/posts/folio-stellt-sich-vor`)
    expect(await page.locator('meta[property="og:locale"]').getAttribute('content')).toBe('de_DE')

    const switcher = page.getByRole('navigation', { name: 'Sprache' })
    const german = switcher.getByRole('link', { name: 'Deutsch' })
    expect(await german.getAttribute('aria-current')).toBe('page')
    expect(await german.getAttribute('hreflang')).toBe('de')
    expect(await german.getAttribute('lang')).toBe('de')
    expect(await switcher.getByRole('link', { name: 'English' }).getAttribute('href')).toBe('/posts/introducing-folio')
    const navigation = page.getByRole('navigation', { name: 'Hauptmenü' }).getByRole('link')
    expect(await navigation.allTextContents()).toEqual(['Blog', 'Über uns', 'Kontakt', 'Suche'])
    // The navigation's English URLs lead to the pages' German addresses, not through a redirect.
    expect(await navigation.evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toEqual(['/de/posts', '/de/ueber-uns', '/de/kontakt', '/de/search'])
    expect(await page.locator('.site-name').textContent()).toContain('Das Headless-CMS für Firmenwebsites')
    expect(await page.getByRole('link', { name: '← Alle Beiträge' }).getAttribute('href')).toBe('/de/posts')
    expect(await seriousViolations(page)).toEqual([])
  })

  it('shows an untranslated post at its English slug under /de: English words in the German frame', async () => {
    const post = (await server.api('/api/posts?where[slug][equals]=running-folio-on-mongodb&depth=0')).body.docs[0]
    // Not translated: no German slug of its own.
    expect((await server.api(`/api/posts/${post.id}?locale=all&depth=0`)).body.slug).toEqual({ en: 'running-folio-on-mongodb' })
    const response = await page.goto(`${server.url}/de/posts/running-folio-on-mongodb`)
    expect(response?.status()).toBe(200)
    expect(await page.locator('html').getAttribute('lang')).toBe('de')
    expect(await page.locator('h1').textContent()).toBe(post.title)
    expect(await page.locator('h1').getAttribute('lang')).toBe('en')
    expect(await page.locator('.post-header .meta time').textContent()).toBe(new Intl.DateTimeFormat('de', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(post.publishedAt)))
    expect(await page.locator('.post-header .meta').textContent()).toContain(' · von ')
    expect(await page.getByRole('link', { name: '← Alle Beiträge' }).getAttribute('href')).toBe('/de/posts')
    expect(await hreflangs(page)).toEqual({
      en: `${server.url}/posts/running-folio-on-mongodb`,
      de: `${server.url}/de/posts/running-folio-on-mongodb`,
      'x-default': `${server.url}/posts/running-folio-on-mongodb`,
    })
    expect(await seriousViolations(page)).toEqual([])
  })

  it('answers a default-language address under /de with a permanent redirect to the German one', async () => {
    const cases = [
      ['/de/about', '/de/ueber-uns'],
      ['/de/about/team', '/de/ueber-uns/team'],
      ['/de/posts/introducing-folio', '/de/posts/folio-stellt-sich-vor'],
      ['/de/categories/engineering', '/de/categories/technik'],
      ['/de/contact?form=sent', '/de/kontakt?form=sent'],
    ]
    for (const [from, to] of cases) {
      const response = await raw(from)
      expect({ from, status: response.status, location: response.headers.get('location') }).toEqual({ from, status: 308, location: to })
    }
    await page.goto(`${server.url}/de/about`)
    expect(new URL(page.url()).pathname).toBe('/de/ueber-uns')
    expect(await page.locator('h1').textContent()).toBe('Über Folio')
    expect(await page.getByRole('link', { name: 'Das Team kennenlernen' }).getAttribute('href')).toBe('/de/ueber-uns/team')
    // Old addresses in Redirects lead to their target's German address.
    const redirected = await raw('/de/blog/hello-world')
    expect([redirected.status, redirected.headers.get('location')]).toEqual([301, '/de/posts/folio-stellt-sich-vor'])
    // Only configured languages are prefixes; the default language has none.
    expect((await raw('/fr/about')).status).toBe(404)
    const english = await raw('/en/about')
    expect([english.status, english.headers.get('location')]).toEqual([301, '/about'])
  })

  it('takes the language from the path alone: a language header a client sends is no way in', async () => {
    const forged = await raw('/posts/introducing-folio', { headers: { 'x-folio-site-locale': 'de', 'x-folio-site-path': '/ueber-uns' } })
    const html = await forged.text()
    expect(forged.status).toBe(200)
    expect(html).toContain('<html lang="en">')
    expect(html).toContain('<h1>Introducing Folio</h1>')
    // Folio's own paths take no prefix: /de/api is not the API.
    expect((await raw('/de/api/posts')).status).toBe(404)
    expect((await raw('/de/api/posts')).headers.get('content-type')).toContain('text/html')
  })

  it('keeps a German visitor on German addresses: navigation, cards, categories, breadcrumbs and search', async () => {
    const visited: Record<string, string[]> = {}
    for (const path of ['/de', '/de/posts', '/de/categories/technik', '/de/ueber-uns/team', '/de/search?q=folio']) {
      const response = await page.goto(`${server.url}${path}`)
      expect(response?.status()).toBe(200)
      expect(await page.locator('html').getAttribute('lang')).toBe('de')
      visited[path] = (await siteLinks(page)).filter((href) => href !== '/de' && !href.startsWith('/de/') && !href.startsWith('/de?') && !href.startsWith('#'))
    }
    expect(visited).toEqual({ '/de': [], '/de/posts': [], '/de/categories/technik': [], '/de/ueber-uns/team': [], '/de/search?q=folio': [] })

    await page.goto(`${server.url}/de/ueber-uns/team`)
    expect(await page.locator('h1').textContent()).toBe('Unser Team')
    expect(await page.getByRole('navigation', { name: 'Brotkrümelnavigation' }).getByRole('link').evaluateAll((links) => links.map((link) => [link.textContent, link.getAttribute('href')]))).toEqual([['Über uns', '/de/ueber-uns']])
    expect(await hreflangs(page)).toEqual({ en: `${server.url}/about/team`, de: `${server.url}/de/ueber-uns/team`, 'x-default': `${server.url}/about/team` })

    await page.goto(`${server.url}/de/posts`)
    await page.getByRole('navigation', { name: 'Kategorien' }).getByRole('link', { name: 'Technik' }).click()
    await page.waitForURL(`${server.url}/de/categories/technik`)
    expect(await page.locator('h1').textContent()).toBe('Technik')
    expect(await hreflangs(page)).toEqual({ en: `${server.url}/categories/engineering`, de: `${server.url}/de/categories/technik`, 'x-default': `${server.url}/categories/engineering` })

    await page.goto(`${server.url}/de/search`)
    await page.getByLabel('Beiträge und Seiten durchsuchen').fill('stellt')
    await page.getByRole('button', { name: 'Suchen' }).click()
    await page.waitForURL(/\/de\/search\?q=stellt/)
    const expected = await server.api('/api/search/query?q=stellt&limit=10&locale=de')
    expect(expected.body.totalDocs).toBeGreaterThan(0)
    expect(await page.locator('.results h2 a').evaluateAll((links) => links.map((link) => [link.textContent, link.getAttribute('href')]))).toEqual(
      expected.body.results.map((result: { title: string; path: string }) => [result.title, `/de${result.path}`]),
    )
    expect(await seriousViolations(page)).toEqual([])
  })

  it('sends the German contact form in German, and confirms in German', async () => {
    const before = (await server.api('/api/form-submissions?limit=1', { token })).body.totalDocs
    await page.goto(`${server.url}/de/kontakt`)
    expect(await seriousViolations(page)).toEqual([])
    await page.getByLabel('Name', { exact: true }).fill('Grace Hopper')
    await page.getByLabel('E-Mail').fill('grace@example.com')
    await page.getByLabel('Nachricht').fill('Hallo von der deutschen Website.')
    await page.getByRole('button', { name: 'Senden' }).click()
    await page.locator('.notice.success').waitFor()
    expect(new URL(page.url()).pathname).toBe('/de/kontakt')
    expect(await page.locator('.notice.success').textContent()).toContain('Danke!')
    const stored = await server.api('/api/form-submissions?limit=1&sort=-createdAt&depth=0', { token })
    expect(stored.body.totalDocs).toBe(before + 1)
    expect(stored.body.docs[0].submissionData.map(({ field, value }: { field: string; value: string }) => [field, value])).toEqual([
      ['name', 'Grace Hopper'],
      ['email', 'grace@example.com'],
      ['message', 'Hallo von der deutschen Website.'],
    ])
    // Sent in German (`?locale=de`), as the audit log records the submission.
    const audited = `/api/audit-log?where[sourceCollection][equals]=form-submissions&where[documentId][equals]=${stored.body.docs[0].id}&depth=0`
    await expect.poll(async () => (await server.api(audited, { token })).body.docs?.map((entry: { action: string; locale: string }) => [entry.action, entry.locale])).toEqual([['create', 'de']])
  })

  it('publishes a German feed, and one sitemap with every language\'s address of each page and post', async () => {
    const german = (await server.api('/api/posts?limit=20&depth=0&sort=-publishedAt&locale=de')).body.docs as { slug: string; title: string }[]
    const feed = await (await raw('/de/feed.xml')).text()
    expect(feed).toContain('<language>de</language>')
    expect(feed).toContain(`<atom:link href="${server.url}/de/feed.xml"`)
    const items = [...feed.matchAll(/<item>\s*<title>([^<]*)<\/title>\s*<link>([^<]*)<\/link>/g)].map((match) => [match[1], match[2]])
    expect(items).toEqual(german.map((post) => [post.title.replace(/&/g, '&amp;'), `${server.url}/de/posts/${post.slug}`]))
    expect(items.map(([title]) => title)).toContain('Folio stellt sich vor')

    const sitemap = await (await raw('/sitemap.xml')).text()
    for (const path of ['/de/posts/folio-stellt-sich-vor', '/de/posts/running-folio-on-mongodb', '/de/ueber-uns/team', '/about/team', '/de/posts']) expect(sitemap).toContain(`<loc>${server.url}${path}</loc>`)
    const team = /<url>\s*<loc>[^<]*\/de\/ueber-uns\/team<\/loc>([^]*?)<\/url>/.exec(sitemap)?.[1] ?? ''
    expect([...team.matchAll(/hreflang="([^"]+)" href="([^"]+)"/g)].map((match) => [match[1], match[2]])).toEqual([
      ['en', `${server.url}/about/team`],
      ['de', `${server.url}/de/ueber-uns/team`],
      ['x-default', `${server.url}/about/team`],
    ])
  })
})

describe('drafts and previews', () => {
  let draft: { id: string; slug: string }

  beforeAll(async () => {
    const created = await server.api('/api/posts', {
      method: 'POST',
      token,
      json: { title: 'A draft nobody may see', excerpt: 'Unpublished.', content: lexicalFromLines(['Secret words.']), _status: 'draft' },
    })
    expect(created.status).toBe(201)
    draft = created.body.doc
  })

  it('answers a draft\'s address with 404 to anonymous visitors, who cannot turn preview on', async () => {
    expect((await raw(`/posts/${draft.slug}`)).status).toBe(404)
    const preview = await raw(`/preview?path=/posts/${draft.slug}`)
    expect(preview.status).toBe(302)
    expect(preview.headers.get('location')).toMatch(/^\/admin\/login\?redirect=/)
    expect(preview.headers.get('set-cookie')).toBeNull()
    // A forged session cookie is no session.
    const forged = await raw(`/preview?path=/posts/${draft.slug}`, { headers: { cookie: 'payload-token=forged' } })
    expect(forged.status).toBe(302)
    expect(forged.headers.get('set-cookie')).toBeNull()
  })

  it('shows an editor the draft in preview, with a banner and a way out', async () => {
    const tab = await signInToAdmin(browser, server.url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD, { viewport: { width: 1280, height: 900 } })
    const editor = tab.context()

    await tab.goto(`${server.url}/preview?path=/posts/${draft.slug}`)
    expect(new URL(tab.url()).pathname).toBe(`/posts/${draft.slug}`)
    expect(await tab.locator('h1').textContent()).toBe('A draft nobody may see')
    expect(await tab.locator('.preview-banner').textContent()).toContain('Preview')

    // The draft-mode cookie alone, without the editor's session, shows nothing.
    const draftCookie = (await editor.cookies()).find((cookie) => cookie.name === '__prerender_bypass')
    expect(draftCookie).toBeDefined()
    expect((await raw(`/posts/${draft.slug}`, { headers: { cookie: `__prerender_bypass=${draftCookie!.value}` } })).status).toBe(404)

    await tab.getByRole('link', { name: 'Exit preview' }).click()
    await tab.waitForURL(/\/$/)
    const after = await tab.goto(`${server.url}/posts/${draft.slug}`)
    expect(after?.status()).toBe(404)
    await editor.close()
  })

  it('opens the preview in the language the editor edits: a German draft at its German address', async () => {
    const translated = await server.api(`/api/posts/${draft.id}?locale=de&draft=true`, {
      method: 'PATCH',
      token,
      json: { title: 'Ein Entwurf, den niemand sehen darf', slug: 'ein-geheimer-entwurf', _status: 'draft' },
    })
    expect(translated.status).toBe(200)
    expect((await raw('/de/posts/ein-geheimer-entwurf')).status).toBe(404)
    const tab = await signInToAdmin(browser, server.url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD, { viewport: { width: 1280, height: 900 } })
    const editor = tab.context()

    await tab.goto(`${server.url}/preview?path=/posts/ein-geheimer-entwurf&locale=de&collection=posts&id=${draft.id}`)
    expect(new URL(tab.url()).pathname).toBe('/de/posts/ein-geheimer-entwurf')
    expect(await tab.locator('h1').textContent()).toBe('Ein Entwurf, den niemand sehen darf')
    expect(await tab.locator('html').getAttribute('lang')).toBe('de')
    expect(await tab.locator('.preview-banner').textContent()).toContain('Vorschau')
    await tab.getByRole('link', { name: 'Vorschau beenden' }).click()
    await tab.waitForURL(`${server.url}/de`)
    expect((await raw('/de/posts/ein-geheimer-entwurf')).status).toBe(404)
    await editor.close()
  })
})

describe('live preview in the admin', () => {
  it('shows the title as the editor types, before publishing, and visitors see it once published', { timeout: 180_000 }, async () => {
    const post = (await server.api('/api/posts?where[slug][equals]=graphql-or-rest&depth=0', { token })).body.docs[0]
    const tab = await signInToAdmin(browser, server.url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD, { viewport: { width: 1600, height: 1000 } })
    const editor = tab.context()

    await tab.goto(`${server.url}/admin/collections/posts/${post.id}`)
    await tab.locator('#field-title').waitFor({ timeout: 30_000 })
    await tab.waitForLoadState('networkidle')
    await tab.getByRole('button', { name: 'Live Preview' }).click()
    const frame = tab.frameLocator('iframe[src*="/preview?path="]')
    await expect.poll(() => frame.locator('h1').textContent(), { timeout: 30_000 }).toBe(post.title)
    expect(await frame.locator('.preview-banner').count()).toBe(1)

    await tab.locator('#field-title').fill('GraphQL, REST, or both?')
    const typedAt = Date.now()
    await expect.poll(() => frame.locator('h1').textContent(), { timeout: 2_000, interval: 50 }).toBe('GraphQL, REST, or both?')
    const shownAfterMs = Date.now() - typedAt
    expect(shownAfterMs).toBeLessThan(2_000)
    // Not published yet: visitors still read the old title.
    expect(await (await raw(`/posts/${post.slug}`)).text()).toContain(`<h1>${post.title}</h1>`)

    await tab.getByRole('button', { name: 'Publish changes' }).click()
    await expect.poll(async () => (await server.api(`/api/posts/${post.id}?depth=0`)).body.title, { timeout: 15_000 }).toBe('GraphQL, REST, or both?')
    const next = await page.goto(`${server.url}/posts/${post.slug}`)
    expect(next?.status()).toBe(200)
    expect(await page.locator('h1').textContent()).toBe('GraphQL, REST, or both?')
    await editor.close()
  })

  it('opens live preview on the German page for an editor editing German', { timeout: 120_000 }, async () => {
    const post = (await server.api('/api/posts?where[slug][equals]=folio-stellt-sich-vor&locale=de&depth=0', { token })).body.docs[0]
    const tab = await signInToAdmin(browser, server.url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD, { viewport: { width: 1600, height: 1000 } })
    const editor = tab.context()

    await tab.goto(`${server.url}/admin/collections/posts/${post.id}?locale=de`)
    await tab.locator('#field-title').waitFor({ timeout: 30_000 })
    expect(await tab.locator('#field-title').inputValue()).toBe('Folio stellt sich vor')
    await tab.waitForLoadState('networkidle')
    await tab.getByRole('button', { name: 'Live Preview' }).click()
    const iframe = tab.locator('iframe[src*="/preview?path="]')
    await iframe.waitFor({ state: 'attached', timeout: 30_000 })
    const src = new URL((await iframe.getAttribute('src'))!, server.url)
    expect([src.searchParams.get('path'), src.searchParams.get('locale')]).toEqual(['/posts/folio-stellt-sich-vor', 'de'])
    const frame = tab.frameLocator('iframe[src*="/preview?path="]')
    await expect.poll(() => frame.locator('h1').textContent(), { timeout: 30_000 }).toBe('Folio stellt sich vor')
    expect(await frame.locator('html').getAttribute('lang')).toBe('de')
    await editor.close()
  })
})
