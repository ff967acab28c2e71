import { randomBytes } from 'node:crypto'

import { MongoClient } from 'mongodb'

import { CATEGORIES, MEDIA, POSTS, USERS } from '../../collections/slugs'
import { generateImage } from '@/lib/generateImage'
import { lexicalFromLines } from '@/lib/lexicalFromLines'
import { jsonAt } from '../lib/jsonAt'
import { expectStatus, type Api } from './folio'
import { replicatePosts, type PostCopy, type PostTemplate } from './replicatePosts'
import { runPool } from './stats'

const IMAGES = 20
const AUTHORS = 4
const PROGRESS_EVERY = 100
/**
 * Posts created through the REST API before the rest are copied from them: post i has the angle,
 * topic, image, authors and categories of post i % TEMPLATES (the cycles of 6, 10, 20, 12 and 8 below).
 */
export const TEMPLATES = 120
const COPY_BATCH = 500
const DAY_MS = 86_400_000

const CATEGORY_TITLES = ['Engineering', 'Product', 'Design', 'Company', 'Customers', 'Guides', 'Releases', 'Events']
const AUTHOR_NAMES = ['Maya Lindqvist', 'Tomás Okafor', 'Priya Raman', 'Jonas Weber', 'Lea Moreau']
const COLORS: [string, string][] = [
  ['#1d4ed8', '#9333ea'],
  ['#0f766e', '#84cc16'],
  ['#b91c1c', '#f59e0b'],
  ['#0e7490', '#6366f1'],
  ['#be185d', '#f97316'],
]
const TOPICS = ['content models', 'caching', 'image pipelines', 'editorial workflows', 'API design', 'search', 'localisation', 'webhooks', 'accessibility', 'performance']
const ANGLES = ['A field guide to', 'What we learned about', 'Five questions on', 'Getting started with', 'The case for', 'Notes on']

export type SeededContent = {
  /** Post slugs, newest publishedAt first. */
  slugs: string[]
  images: number
  categories: number
  authors: number
  /** Time spent on posts alone, and on everything (users, categories, images, posts). */
  postsMs: number
  totalMs: number
  /** Posts created through the REST API; the others were copied from them. */
  createdThroughApi: number
}

export type SeedOptions = {
  posts: number
  concurrency: number
  log: (message: string) => void
  /**
   * The connection string of the database Folio writes to: when given, only the first TEMPLATES
   * posts go through the REST API and the others are copied from them in the database
   * (replicatePosts). Without it, every post goes through the REST API.
   */
  databaseUri?: string
}

/** A post's text, the same for every post of a topic (copies of a post share it). */
function postBody(topic: string): string[] {
  return [
    `This is a benchmark post about ${topic}. It is long enough to look like a real article, so the responses measured carry a realistic amount of rich text.`,
    `## Why ${topic} matter`,
    `Teams that publish every week run into ${topic} sooner or later. The first version is usually simple; the second one has to survive real editors, real traffic and real deadlines.`,
    'A headless CMS keeps the content in one place and serves it to every frontend, which makes the trade-offs visible: what is stored, what is derived, and what is fetched on every page view.',
    '## What we did',
    `We wrote down what the frontend actually needs, removed what it does not, and measured before and after. The numbers, not opinions, decided which changes to keep for ${topic}.`,
    '## What is next',
    'The next steps are smaller: fewer round trips, smaller payloads and clearer ownership of each field. Each of them is measurable, and each will get its own post.',
  ]
}

async function uploadImage(api: Api, index: number): Promise<string> {
  const png = await generateImage(COLORS[index % COLORS.length], index)
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), `bench-${String(index + 1).padStart(2, '0')}.png`)
  form.append('_payload', JSON.stringify({ alt: `Benchmark illustration ${index + 1}` }))
  const created = await api('POST', `/api/${MEDIA}`, form)
  expectStatus(created, 201, `uploading image ${index + 1}`)
  return String(jsonAt(created.body, 'doc', 'id'))
}

/**
 * Creates published posts with hero images, categories and authors over Folio's REST API, as the
 * admin `api` signs in as, so every hook (slugs, search index, audit log, versions) runs as it
 * would for an editor; with `databaseUri`, only the first TEMPLATES of them, and the rest are copies
 * of those written straight into the database. Images are generated PNGs shared among the posts.
 */
export async function seedContent(api: Api, options: SeedOptions): Promise<SeededContent> {
  const { posts, concurrency, log } = options
  const startedAt = performance.now()
  const runId = randomBytes(3).toString('hex')

  const authors: string[] = []
  for (const [index, name] of AUTHOR_NAMES.slice(0, AUTHORS).entries()) {
    const created = await api('POST', `/api/${USERS}`, {
      email: `author-${index + 1}-${runId}@folio.test`,
      password: `pw-${randomBytes(12).toString('hex')}`,
      name,
      role: 'author',
    })
    expectStatus(created, 201, `creating author ${name}`)
    authors.push(String(jsonAt(created.body, 'doc', 'id')))
  }

  const categories: string[] = []
  for (const title of CATEGORY_TITLES) {
    // Named per run: the database may already hold categories of these names (the demo content's).
    const created = await api('POST', `/api/${CATEGORIES}`, { title: `${title} ${runId}`, slug: `${title.toLowerCase()}-${runId}`, description: `Posts filed under ${title}.` })
    expectStatus(created, 201, `creating category ${title}`)
    categories.push(String(jsonAt(created.body, 'doc', 'id')))
  }
  log(`seeding: ${authors.length} authors and ${categories.length} categories created`)

  const images = new Array<string>(IMAGES)
  await runPool(IMAGES, Math.min(concurrency, 4), async (index) => {
    images[index] = await uploadImage(api, index)
  })
  log(`seeding: ${IMAGES} images uploaded (1600×900 PNG, 3 resized versions each) in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`)

  const postsStartedAt = performance.now()
  const newest = Date.now() - DAY_MS
  const slugs: string[] = []
  const postValues = (index: number): PostCopy => ({
    slug: `bench-post-${String(index + 1).padStart(5, '0')}`,
    title: `${ANGLES[index % ANGLES.length]} ${TOPICS[index % TOPICS.length]} (${index + 1})`,
    // Post i+1 is an hour older than post i: "newest first" is the creation order.
    publishedAt: new Date(newest - index * 3_600_000).toISOString(),
  })
  const throughApi = options.databaseUri ? Math.min(posts, TEMPLATES) : posts
  const templates: PostTemplate[] = []
  let done = 0
  const logProgress = () => {
    const seconds = (performance.now() - postsStartedAt) / 1000
    log(`seeding: posts ${done}/${posts} (${(done / seconds).toFixed(1)}/s)`)
  }
  await runPool(throughApi, concurrency, async (index) => {
    const topic = TOPICS[index % TOPICS.length]
    const values = postValues(index)
    const created = await api('POST', `/api/${POSTS}?depth=0`, {
      title: values.title,
      slug: values.slug,
      excerpt: `A benchmark post about ${topic}, with a hero image, categories and authors.`,
      heroImage: images[index % images.length],
      content: lexicalFromLines(postBody(topic)),
      authors: index % 3 === 0 ? [authors[index % authors.length], authors[(index + 1) % authors.length]] : [authors[index % authors.length]],
      categories: index % 2 === 0 ? [categories[index % categories.length], categories[(index + 3) % categories.length]] : [categories[index % categories.length]],
      publishedAt: values.publishedAt,
      _status: 'published',
    })
    expectStatus(created, 201, `creating post ${values.slug}`)
    slugs[index] = values.slug
    templates[index] = { id: String(jsonAt(created.body, 'doc', 'id')), ...values }
    done += 1
    if (done % PROGRESS_EVERY === 0 || done === throughApi) logProgress()
  })
  if (options.databaseUri && posts > throughApi) {
    const copies = Array.from({ length: posts - throughApi }, (_, i) => postValues(throughApi + i))
    const client = await MongoClient.connect(options.databaseUri, { directConnection: true })
    try {
      await replicatePosts(client.db(), templates, copies, {
        batchSize: COPY_BATCH,
        progress: (copied) => {
          done = throughApi + copied
          logProgress()
        },
      })
    } finally {
      await client.close()
    }
    slugs.push(...copies.map((copy) => copy.slug))
  }
  const finishedAt = performance.now()
  return {
    slugs,
    images: IMAGES,
    categories: categories.length,
    authors: authors.length,
    postsMs: finishedAt - postsStartedAt,
    totalMs: finishedAt - startedAt,
    createdThroughApi: throughApi,
  }
}
