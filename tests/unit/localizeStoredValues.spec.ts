import type { Field } from 'payload'
import { describe, expect, it } from 'vitest'

import { isLocalizedValue, localizedIndexablePaths, localizeStoredValues, readInLocale } from '@/lib/localizeStoredValues'

const fields: Field[] = [
  { name: 'title', type: 'text', localized: true },
  { name: 'views', type: 'number' },
  { type: 'row', fields: [{ name: 'slug', type: 'text', localized: true }] },
  { name: 'meta', type: 'group', fields: [{ name: 'description', type: 'text', localized: true }, { name: 'noindex', type: 'checkbox' }] },
  { type: 'tabs', tabs: [{ label: 'Plain', fields: [{ name: 'summary', type: 'textarea', localized: true }] }, { name: 'extra', fields: [{ name: 'note', type: 'text', localized: true }] }] },
  { name: 'links', type: 'array', fields: [{ name: 'label', type: 'text', localized: true }, { name: 'url', type: 'text' }] },
  {
    name: 'layout',
    type: 'blocks',
    blocks: [{ slug: 'hero', fields: [{ name: 'heading', type: 'text', localized: true }, { name: 'image', type: 'text' }] }],
  },
  { name: 'tags', type: 'array', localized: true, fields: [{ name: 'tag', type: 'text' }] },
]

const options = { locales: ['en', 'de'], defaultLocale: 'en' }

describe('localizeStoredValues', () => {
  it('wraps every localized value in the default locale, at any depth, and nothing else', () => {
    const doc: Record<string, unknown> = {
      title: 'Hello',
      views: 3,
      slug: 'hello',
      meta: { description: 'About hello', noindex: false },
      summary: 'Short',
      extra: { note: 'Note' },
      links: [{ label: 'Blog', url: '/posts' }],
      layout: [{ blockType: 'hero', heading: 'Big', image: 'id1' }, { blockType: 'unknown', heading: 'Left alone' }],
      tags: [{ tag: 'a' }],
    }
    const changed = localizeStoredValues(fields, doc, options)
    expect(doc).toEqual({
      title: { en: 'Hello' },
      views: 3,
      slug: { en: 'hello' },
      meta: { description: { en: 'About hello' }, noindex: false },
      summary: { en: 'Short' },
      extra: { note: { en: 'Note' } },
      links: [{ label: { en: 'Blog' }, url: '/posts' }],
      layout: [{ blockType: 'hero', heading: { en: 'Big' }, image: 'id1' }, { blockType: 'unknown', heading: 'Left alone' }],
      tags: { en: [{ tag: 'a' }] },
    })
    expect([...changed].sort()).toEqual(['extra', 'layout', 'links', 'meta', 'slug', 'summary', 'tags', 'title'])
  })

  it('leaves values already keyed by locale, and reports no change the second time', () => {
    const doc: Record<string, unknown> = { title: { en: 'Hi', de: 'Hallo' }, meta: { description: { de: 'Nur deutsch' } } }
    expect(localizeStoredValues(fields, doc, options).size).toBe(0)
    expect(doc).toEqual({ title: { en: 'Hi', de: 'Hallo' }, meta: { description: { de: 'Nur deutsch' } } })
  })

  it('wraps rich text (an object that is not keyed by locale)', () => {
    const doc: Record<string, unknown> = { title: { root: { children: [] } } }
    localizeStoredValues(fields, doc, options)
    expect(doc.title).toEqual({ en: { root: { children: [] } } })
    expect(isLocalizedValue({ root: {} }, ['en', 'de'])).toBe(false)
    expect(isLocalizedValue({}, ['en', 'de'])).toBe(false)
  })
})

describe('readInLocale', () => {
  const stored = {
    title: { en: 'Hello', de: 'Hallo' },
    slug: { en: 'hello', de: '' },
    meta: { description: { en: 'About' } },
    links: [{ label: { en: 'Blog', de: 'Blog DE' }, url: '/posts' }],
    layout: [{ blockType: 'hero', heading: { en: 'Big' }, image: 'id1' }],
  }

  it('reads each localized field in the locale, falling back to the default where it is missing or empty', () => {
    expect(readInLocale(fields, stored, 'de', 'en')).toEqual({
      title: 'Hallo',
      slug: 'hello',
      meta: { description: 'About' },
      links: [{ label: 'Blog DE', url: '/posts' }],
      layout: [{ blockType: 'hero', heading: 'Big', image: 'id1' }],
    })
    expect(readInLocale(fields, stored, 'en', 'en').title).toBe('Hello')
    // The stored document itself is left as it was.
    expect(stored.title).toEqual({ en: 'Hello', de: 'Hallo' })
  })
})

describe('localizedIndexablePaths', () => {
  it('names the localized fields reached through groups and named tabs, not arrays or blocks', () => {
    expect(localizedIndexablePaths(fields).sort()).toEqual(['extra.note', 'meta.description', 'slug', 'summary', 'tags', 'title'])
  })
})
