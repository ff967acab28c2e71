import { describe, expect, it } from 'vitest'

import { localePath, splitLocalePrefix } from '@/site/localePath'

const locales = { codes: ['en', 'de'], defaultLocale: 'en' }

describe('splitLocalePrefix', () => {
  it.each([
    ['/de/posts/x', { locale: 'de', url: '/posts/x', redundantPrefix: false }],
    ['/de', { locale: 'de', url: '/', redundantPrefix: false }],
    ['/de?q=1', { locale: 'de', url: '/?q=1', redundantPrefix: false }],
    ['/en/about', { locale: 'en', url: '/about', redundantPrefix: true }],
    ['/about', { locale: 'en', url: '/about', redundantPrefix: false }],
    // Not a configured language, Folio's own paths, another host: paths like any other.
    ['/fr/about', { locale: 'en', url: '/fr/about', redundantPrefix: false }],
    ['/de/api/posts', { locale: 'en', url: '/de/api/posts', redundantPrefix: false }],
    ['/de/admin', { locale: 'en', url: '/de/admin', redundantPrefix: false }],
    ['/de//example.com', { locale: 'en', url: '/de//example.com', redundantPrefix: false }],
    ['/deutsch', { locale: 'en', url: '/deutsch', redundantPrefix: false }],
  ])('reads %s', (url, expected) => {
    expect(splitLocalePrefix(url, locales)).toEqual(expected)
  })
})

describe('localePath', () => {
  it.each([
    ['/posts/x', 'de', '/de/posts/x'],
    ['/', 'de', '/de'],
    ['/?q=1', 'de', '/de?q=1'],
    ['/posts/x', 'en', '/posts/x'],
    ['/de/posts/x', 'de', '/de/posts/x'],
    ['/api/posts', 'de', '/api/posts'],
    ['/admin', 'de', '/admin'],
    ['https://example.com/x', 'de', 'https://example.com/x'],
    ['//example.com/x', 'de', '//example.com/x'],
    ['#top', 'de', '#top'],
  ])('puts %s in %s as %s', (path, locale, expected) => {
    expect(localePath(path, locale, locales)).toBe(expected)
  })
})
