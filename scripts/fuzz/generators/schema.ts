import type { Random } from '../random'
import type { FuzzTargets } from '../types'
import { RawJson } from './shared'

/** A small valid rich-text value (Lexical). */
export const richText = (text: string) => ({
  root: {
    type: 'root',
    format: '',
    indent: 0,
    version: 1,
    direction: 'ltr',
    children: [{ type: 'paragraph', format: '', indent: 0, version: 1, direction: 'ltr', textFormat: 0, children: [{ type: 'text', text, format: 0, detail: 0, mode: 'normal', style: '', version: 1 }] }],
  },
})

export type WritableSchema = {
  /** The REST path documents are written to: `/api/posts`, `/api/globals/site-settings`. */
  path: string
  isGlobal?: boolean
  /** A valid document; each hostile request replaces one path of it. */
  valid: (random: Random, targets: FuzzTargets) => Record<string, unknown>
  /** Dotted paths into `valid` (and beside it) to put hostile values at. */
  paths: string[]
  /** Fields that may be queried, sorted and selected. */
  queryable: string[]
  /** Paths holding text: a number, boolean, array or object there must be refused. */
  textPaths: string[]
}

const first = (targets: FuzzTargets, collection: string) => targets.ids[collection]?.[0] ?? '0123456789abcdef01234567'

/** Folio's writable collections and global, as the fuzzer sees them. */
export const SCHEMAS: Record<string, WritableSchema> = {
  posts: {
    path: '/api/posts',
    valid: (random, targets) => ({
      title: `Fuzz post ${random.hex(6)}`,
      excerpt: 'A post written by the fuzzer.',
      content: richText('Body text.'),
      heroImage: first(targets, 'media'),
      categories: [first(targets, 'categories')],
      _status: random.pick(['draft', 'published']),
    }),
    paths: [
      'title', 'slug', 'generateSlug', 'excerpt', 'heroImage', 'content', 'content.root', 'content.root.children', 'content.root.children.0.children.0.text',
      'authors', 'authors.0', 'populatedAuthors', 'categories', 'categories.0', 'publishedAt', 'meta', 'meta.title', 'meta.description', 'meta.image',
      '_status', 'id', 'createdAt', 'updatedAt',
    ],
    queryable: ['title', 'slug', 'excerpt', 'heroImage', 'content', 'authors', 'authors.name', 'categories', 'categories.title', 'publishedAt', 'meta.title', 'meta.image', '_status', 'populatedAuthors.name'],
    textPaths: ['title', 'slug', 'excerpt', 'meta.title', 'meta.description'],
  },
  pages: {
    path: '/api/pages',
    valid: (random) => ({
      title: `Fuzz page ${random.hex(6)}`,
      layout: [
        { blockType: 'hero', heading: 'Hello', subheading: 'Sub', cta: { label: 'Go', type: 'url', url: '/x' } },
        { blockType: 'richText', content: richText('Page text.') },
        { blockType: 'callToAction', heading: 'Act', links: [] },
      ],
      _status: random.pick(['draft', 'published']),
    }),
    paths: [
      'title', 'slug', 'generateSlug', 'parent', 'path', 'breadcrumbs', 'breadcrumbs.0.doc', 'breadcrumbs.0.url', 'layout', 'layout.0', 'layout.0.blockType',
      'layout.0.heading', 'layout.0.subheading', 'layout.0.image', 'layout.0.cta', 'layout.0.cta.type', 'layout.0.cta.url', 'layout.0.cta.page', 'layout.1.content',
      'layout.2.links', 'layout.2.links.0', 'layout.3', 'publishedAt', 'meta', 'meta.title', 'meta.image', '_status',
    ],
    queryable: ['title', 'slug', 'path', 'parent', 'parent.title', 'breadcrumbs.url', 'breadcrumbs.doc', 'layout.heading', 'layout.blockType', 'publishedAt', 'meta.title', '_status'],
    textPaths: ['title', 'slug', 'layout.0.heading', 'layout.0.subheading', 'meta.title'],
  },
  categories: {
    path: '/api/categories',
    valid: (random) => ({ title: `Fuzz category ${random.hex(6)}`, description: 'Filed by the fuzzer.' }),
    paths: ['title', 'slug', 'generateSlug', 'description'],
    queryable: ['title', 'slug', 'description'],
    textPaths: ['title', 'slug', 'description'],
  },
  users: {
    path: '/api/users',
    valid: (random) => ({ name: 'Fuzz user', email: `fuzz-${random.hex(8)}@folio.test`, password: `pw-${random.hex(12)}`, role: 'author' }),
    paths: ['name', 'email', 'password', 'role', 'bio', 'enableAPIKey', 'apiKey', 'loginAttempts', 'lockUntil', 'sessions', 'hash', 'salt', 'resetPasswordToken', 'collection'],
    queryable: ['name', 'email', 'role', 'bio', 'loginAttempts', 'lockUntil', 'hash', 'salt', 'apiKey', 'sessions.id'],
    textPaths: ['name', 'email', 'bio', 'password'],
  },
  forms: {
    path: '/api/forms',
    valid: (random) => ({
      title: `Fuzz form ${random.hex(6)}`,
      fields: [
        { blockType: 'text', name: 'name', label: 'Name', required: true },
        { blockType: 'email', name: 'email', label: 'Email' },
        { blockType: 'select', name: 'topic', label: 'Topic', options: [{ label: 'A', value: 'a' }] },
      ],
      confirmationType: 'message',
      confirmationMessage: richText('Thanks.'),
    }),
    paths: [
      'title', 'fields', 'fields.0', 'fields.0.blockType', 'fields.0.name', 'fields.0.required', 'fields.0.width', 'fields.2.options', 'fields.2.options.0.value',
      'submitButtonLabel', 'confirmationType', 'confirmationMessage', 'redirect', 'redirect.type', 'redirect.url', 'redirect.reference', 'emails', 'emails.0',
      'emails.0.emailTo', 'emails.0.subject', 'emails.0.message',
    ],
    queryable: ['title', 'fields.name', 'fields.blockType', 'confirmationType', 'emails.emailTo', 'redirect.url'],
    textPaths: ['title', 'submitButtonLabel', 'fields.0.name', 'emails.0.subject', 'emails.0.emailTo'],
  },
  'form-submissions': {
    path: '/api/form-submissions',
    valid: (_random, targets) => ({
      form: targets.formId,
      formToken: targets.formToken,
      website: '',
      submissionData: [
        { field: 'name', value: 'Ada' },
        { field: 'email', value: 'ada@example.com' },
        { field: 'message', value: 'Hello!' },
      ],
    }),
    paths: ['form', 'formToken', 'website', 'submissionData', 'submissionData.0', 'submissionData.0.field', 'submissionData.0.value', 'submissionData.1.value', 'submissionData.5'],
    queryable: ['form', 'submissionData.field', 'submissionData.value', 'formToken', 'website'],
    textPaths: ['submissionData.0.field', 'submissionData.0.value', 'submissionData.1.value', 'website', 'formToken'],
  },
  redirects: {
    path: '/api/redirects',
    valid: (random, targets) => ({
      from: `/fuzz/${random.hex(8)}`,
      to: random.chance(0.5) ? { type: 'custom', url: 'https://example.com/landing' } : { type: 'reference', reference: { relationTo: 'posts', value: first(targets, 'posts') } },
      type: random.pick(['301', '302']),
    }),
    paths: ['from', 'to', 'to.type', 'to.url', 'to.reference', 'to.reference.relationTo', 'to.reference.value', 'type'],
    queryable: ['from', 'to.type', 'to.url', 'to.reference', 'type'],
    textPaths: ['from', 'to.url'],
  },
  media: {
    path: '/api/media',
    valid: () => ({ alt: 'Fuzzed alt text', caption: 'A caption' }),
    paths: ['alt', 'caption', 'focalX', 'focalY', 'filename', 'mimeType', 'filesize', 'width', 'url', 'sizes', 'sizes.thumbnail.url'],
    queryable: ['alt', 'caption', 'filename', 'mimeType', 'filesize', 'width', 'sizes.thumbnail.url'],
    textPaths: ['alt', 'caption'],
  },
  webhooks: {
    path: '/api/webhooks',
    valid: (random) => ({ name: `Fuzz hook ${random.hex(4)}`, url: 'http://127.0.0.1:9/fuzz-hook', events: ['created'], collections: ['categories'], enabled: false }),
    paths: ['name', 'url', 'events', 'events.0', 'collections', 'enabled', 'headers', 'headers.0', 'headers.0.name', 'headers.0.value', 'secret', 'disabledAt'],
    queryable: ['name', 'url', 'events', 'enabled', 'secret', 'failingSince'],
    textPaths: ['name', 'url', 'headers.0.name', 'headers.0.value'],
  },
  'site-settings': {
    path: '/api/globals/site-settings',
    isGlobal: true,
    valid: (_random, targets) => ({
      siteName: 'Folio',
      tagline: 'Fuzzed tagline',
      navigation: [
        { link: { label: 'Home', type: 'url', url: '/' } },
        { link: { label: 'About', type: 'page', page: first(targets, 'pages'), newTab: false } },
      ],
    }),
    paths: ['siteName', 'tagline', 'navigation', 'navigation.0', 'navigation.0.link', 'navigation.0.link.label', 'navigation.0.link.type', 'navigation.0.link.url', 'navigation.1.link.page', 'navigation.1.link.newTab'],
    queryable: ['siteName', 'tagline', 'navigation.link.url'],
    textPaths: ['siteName', 'tagline', 'navigation.0.link.label', 'navigation.0.link.url'],
  },
}

/** Whether `value` at `path` of `slug` is plainly of the wrong type (not text where text belongs). */
export function isWrongType(slug: string, path: string, value: unknown): boolean {
  if (!SCHEMAS[slug]?.textPaths.includes(path)) return false
  if (value === null || typeof value === 'string') return false
  if (value instanceof RawJson) return !value.text.startsWith('"')
  return true
}

export const WRITABLE = Object.keys(SCHEMAS).filter((slug) => !SCHEMAS[slug].isGlobal)
