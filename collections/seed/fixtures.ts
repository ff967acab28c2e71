/** Demo content: the blog of Folio itself. */

export const DEMO_PASSWORD = 'folio-demo-2026'

export const DEMO_ADMIN_EMAIL = 'admin@folio.test'

export const demoUsers = [
  { email: DEMO_ADMIN_EMAIL, name: 'Avery Admin', role: 'admin' as const, bio: 'Runs the Folio website.' },
  { email: 'maya@folio.test', name: 'Maya Lindqvist', role: 'author' as const, bio: 'Writes about content modelling.' },
  { email: 'tomas@folio.test', name: 'Tomás Okafor', role: 'editor' as const, bio: 'Edits the blog and writes about APIs.' },
]

export const demoCategories = [
  { title: 'Product', slug: 'product', description: 'What is new in Folio.' },
  { title: 'Engineering', slug: 'engineering', description: 'How Folio is built.' },
  { title: 'Guides', slug: 'guides', description: 'Getting the most out of a headless CMS.' },
]

type DemoPost = {
  title: string
  slug: string
  excerpt: string
  category: string
  author: string
  colors: [string, string]
  body: string[]
}

export const demoPosts: DemoPost[] = [
  {
    title: 'Introducing Folio',
    slug: 'introducing-folio',
    excerpt: 'A headless CMS for company websites and blogs: write in the admin, fetch over REST or GraphQL.',
    category: 'product',
    author: 'tomas@folio.test',
    colors: ['#1d4ed8', '#9333ea'],
    body: [
      'Folio is the back-end of a company website. Editors write posts and pages in an admin panel, upload images and publish; any frontend fetches that content over REST or GraphQL.',
      '## One content model',
      'Everything starts from one configuration file. The database schema, the admin panel and both APIs are derived from it, so they never drift apart.',
    ],
  },
  {
    title: 'Modelling content with blocks',
    slug: 'modelling-content-with-blocks',
    excerpt: 'Pages built from hero, rich text, media and call-to-action blocks keep layouts flexible and data structured.',
    category: 'guides',
    author: 'maya@folio.test',
    colors: ['#0f766e', '#84cc16'],
    body: [
      'A page in Folio is a list of blocks. Editors add, reorder and remove them; the frontend renders each block type with its own component.',
      '## Why blocks beat one big text field',
      'Blocks keep structure: a call to action has a heading and links, not a paragraph that happens to look like one.',
    ],
  },
  {
    title: 'Drafts, versions and never losing work',
    slug: 'drafts-versions-and-never-losing-work',
    excerpt: 'Autosaved drafts and a version history mean an editor can always go back.',
    category: 'product',
    author: 'maya@folio.test',
    colors: ['#b45309', '#f43f5e'],
    body: [
      'Every change to a post is autosaved as a draft while you type. Publishing makes the draft visible to visitors; until then only your team sees it.',
      '## Restoring an older version',
      'Each save becomes a version. Compare any two and restore the one you want.',
    ],
  },
  {
    title: 'Fetching posts from a static site',
    slug: 'fetching-posts-from-a-static-site',
    excerpt: 'Query published posts with filters, sorting and relationship depth from any frontend.',
    category: 'guides',
    author: 'tomas@folio.test',
    colors: ['#334155', '#0ea5e9'],
    body: [
      'GET /api/posts returns published posts, newest first. Add where filters, sort, limit and depth to shape the answer.',
      '## Depth',
      'depth=1 replaces related ids with the documents themselves: the hero image with all its sizes, the categories with their titles.',
    ],
  },
  {
    title: 'GraphQL or REST?',
    slug: 'graphql-or-rest',
    excerpt: 'Both APIs read the same content with the same access rules; pick the one your frontend prefers.',
    category: 'engineering',
    author: 'tomas@folio.test',
    colors: ['#7c3aed', '#ec4899'],
    body: [
      'REST is simple to cache and to call with curl. GraphQL lets a frontend ask for exactly the fields it renders.',
      '## Same rules',
      'Access control lives in the content model, so a visitor sees the same published posts through either API.',
    ],
  },
  {
    title: 'Images that fit every screen',
    slug: 'images-that-fit-every-screen',
    excerpt: 'Every upload is resized to thumbnail, card and hero sizes in WebP, around the focal point you choose.',
    category: 'product',
    author: 'maya@folio.test',
    colors: ['#047857', '#06b6d4'],
    body: [
      'Upload an image once. Folio produces a thumbnail, a card and a hero size, each in WebP, cropped around the focal point you set.',
      '## Alt text is required',
      'An image without a description is an image some readers cannot see. Folio asks for alt text on every upload.',
    ],
  },
  {
    title: 'Roles for a small editorial team',
    slug: 'roles-for-a-small-editorial-team',
    excerpt: 'Admins, editors and authors: who can do what in Folio.',
    category: 'guides',
    author: 'maya@folio.test',
    colors: ['#9a3412', '#facc15'],
    body: [
      'Authors write and edit their own posts. Editors edit everything. Admins also manage users and site settings.',
      '## API keys',
      'Integrations authenticate with a per-user API key, so their access follows the same rules as a person.',
    ],
  },
  {
    title: 'Running Folio on MongoDB',
    slug: 'running-folio-on-mongodb',
    excerpt: 'Point MONGODB_URI at any MongoDB 6+ server or Atlas; without it Folio runs a local database itself.',
    category: 'engineering',
    author: 'tomas@folio.test',
    colors: ['#166534', '#4ade80'],
    body: [
      'Folio stores content in MongoDB. For development it starts a local MongoDB-compatible server on its own, so there is nothing to install.',
      '## Production',
      'In production set MONGODB_URI to your cluster and PAYLOAD_SECRET to a long random string.',
    ],
  },
  {
    title: 'What a health check should tell you',
    slug: 'what-a-health-check-should-tell-you',
    excerpt: '/healthz says the process is up; /readyz says it can reach its database.',
    category: 'engineering',
    author: 'tomas@folio.test',
    colors: ['#1e293b', '#f97316'],
    body: [
      'A load balancer needs two answers: is the process alive, and can it serve requests right now.',
      '## Graceful shutdown',
      'On SIGTERM Folio stops accepting connections, finishes the requests in flight and closes the database before it exits.',
    ],
  },
]
