import { headers } from 'next/headers'
import { cache } from 'react'

import type { Config } from '@payload-types'
import { readLocales, type LocaleSettings } from '@/settings'
import { decodePath, localePath } from './localePath'
import { messagesFor, type Messages } from './messages'
import { SITE_LOCALE_HEADER, SITE_PATH_HEADER } from './siteHeaders'

/** A language code as the API takes it (`?locale=de`). */
export type Locale = Config['locale']

let locales: LocaleSettings | undefined

/** Folio's languages (LOCALES), read as Payload's config and Folio's entry point read them. */
export const siteLocales = (): LocaleSettings => (locales ??= readLocales(process.env))

export type SiteLocale = {
  /** The page's language. */
  code: Locale
  /** Every language of the site, the default first. */
  codes: Locale[]
  defaultLocale: Locale
  /** A path of the site in the page's language: `/posts` is `/de/posts` on the German site. */
  href: (path: string) => string
  /** The chrome's words in the page's language. */
  t: Messages
}

/** A language of the site (the default for anything else) with its paths and words. */
export function siteLocaleOf(code: string | null | undefined): SiteLocale {
  const settings = siteLocales()
  const chosen = (code && settings.codes.includes(code) ? code : settings.defaultLocale) as Locale
  return {
    code: chosen,
    codes: settings.codes as Locale[],
    defaultLocale: settings.defaultLocale as Locale,
    href: (path) => localePath(path, chosen, settings),
    t: messagesFor(chosen),
  }
}

/** The language of the page being rendered, as Folio's entry point read it from the path's prefix. */
export const siteLocale = cache(async (): Promise<SiteLocale> => siteLocaleOf((await headers()).get(SITE_LOCALE_HEADER)))

/** The path being rendered without its language's prefix (`/posts/x` for `/de/posts/x`), its segments decoded. */
export const requestPath = cache(async (): Promise<string> => decodePath((await headers()).get(SITE_PATH_HEADER) || '/'))
