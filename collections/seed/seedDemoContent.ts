import type { Payload } from 'payload'

import { CATEGORIES, MEDIA, PAGES, POSTS, SITE_SETTINGS, USERS } from '../slugs'
import { DEMO_PASSWORD, demoCategories, demoPosts, demoUsers } from './fixtures'
import { generateImage } from '@/lib/generateImage'
import { lexicalFromLines } from '@/lib/lexicalFromLines'
import { seedTranslations } from './seedTranslations'
import { seedWebsiteExtras } from './seedWebsiteExtras'

/** Side effects (webhooks, emails) look for this flag and stay quiet while seeding. */
const SEEDING_CONTEXT = { isSeeding: true }

export async function seedDemoContent(payload: Payload): Promise<void> {
  const started = Date.now()
  const total = demoUsers.length + demoCategories.length + demoPosts.length * 2 + 3 + 4 + 1
  let done = 0
  const step = (what: string) => {
    done += 1
    payload.logger.info({ progress: `${done}/${total}` }, `seeding: ${what}`)
  }
  const context = SEEDING_CONTEXT

  const users = new Map<string, string>()
  for (const user of demoUsers) {
    const created = await payload.create({ collection: USERS, data: { ...user, password: DEMO_PASSWORD }, context })
    users.set(user.email, created.id)
    step(`user ${user.email}`)
  }

  const categories = new Map<string, string>()
  for (const category of demoCategories) {
    const created = await payload.create({ collection: CATEGORIES, data: category, context })
    categories.set(category.slug, created.id)
    step(`category ${category.title}`)
  }

  const postIds: string[] = []
  for (const [index, post] of demoPosts.entries()) {
    const image = await payload.create({
      collection: MEDIA,
      data: { alt: `Illustration for “${post.title}”` },
      file: await pngFile(`${post.slug}.png`, post.colors, index),
      context,
    })
    step(`image for ${post.slug}`)
    const publishedAt = new Date(Date.now() - (demoPosts.length - index) * 3 * 86_400_000).toISOString()
    const created = await payload.create({
      collection: POSTS,
      data: {
        title: post.title,
        slug: post.slug,
        excerpt: post.excerpt,
        heroImage: image.id,
        content: lexicalFromLines(post.body),
        authors: [users.get(post.author) as string],
        categories: [categories.get(post.category) as string],
        publishedAt,
        _status: 'published',
      },
      context,
    })
    postIds.push(created.id)
    step(`post ${post.slug}`)
  }

  const homeImage = await payload.create({
    collection: MEDIA,
    data: { alt: 'Abstract shapes in Folio blue' },
    file: await pngFile('home-hero.png', ['#1d4ed8', '#0ea5e9'], 99),
    context,
  })
  step('home page image')

  await payload.create({
    collection: PAGES,
    data: {
      title: 'Home',
      slug: 'home',
      _status: 'published',
      layout: [
        {
          blockType: 'hero',
          heading: 'Content for every screen',
          subheading: 'Folio keeps your website’s posts and pages in one place and serves them to any frontend.',
          image: homeImage.id,
          cta: { label: 'Read the blog', type: 'url', url: '/posts' },
        },
        {
          blockType: 'richText',
          content: lexicalFromLines([
            '## Why Folio',
            'Editors get a fast admin panel that never loses their work; developers get typed REST and GraphQL APIs.',
          ]),
        },
        { blockType: 'media', media: homeImage.id, caption: 'One upload, every size.' },
        {
          blockType: 'callToAction',
          heading: 'Start writing',
          text: 'Sign in to the admin panel and publish your first post.',
          links: [{ link: { label: 'Open the admin', type: 'url', url: '/admin' } }],
        },
      ],
    },
    context,
  })
  step('home page')

  await seedWebsiteExtras(payload, context, step)

  await payload.updateGlobal({
    slug: SITE_SETTINGS,
    data: {
      siteName: 'Folio',
      tagline: 'The headless CMS for company websites',
      navigation: [
        { link: { label: 'Blog', type: 'url', url: '/posts' } },
        { link: { label: 'About', type: 'url', url: '/about' } },
        { link: { label: 'Contact', type: 'url', url: '/contact' } },
        { link: { label: 'Search', type: 'url', url: '/search' } },
      ],
    },
    context,
  })
  step('site settings')

  await seedTranslations(payload, context, step)

  payload.logger.info(
    { posts: postIds.length, ms: Date.now() - started },
    `demo content ready: ${demoPosts.length} posts, ${demoCategories.length} categories, ${demoUsers.length} users`,
  )
}

async function pngFile(name: string, colors: [string, string], seed: number) {
  const data = await generateImage(colors, seed)
  return { data, mimetype: 'image/png', name, size: data.length }
}
