import type { LocaleSettings } from '@/settings'

/** Folio's own paths beside the website's pages: never under a language's prefix. */
const NOT_SITE = /^\/(admin|api|_next|healthz|readyz)(?=[/?#]|$)/

/** A path of the website's own (`/about`, `/posts?page=2`, `/#top`): not another host, not Folio's admin or API. */
export const isSitePath = (href: string) => /^\/(?![/\\])/.test(href) && !NOT_SITE.test(href)

export type LocalizedURL = {
  /** The language the URL asks for. */
  locale: string
  /** The URL without its language's prefix, as the website's routes know it. */
  url: string
  /** The default language's own prefix (`/en/…`): the website's address for it has none. */
  redundantPrefix: boolean
}

/**
 * The language of a request to the website and its URL without the prefix: `/de/posts/x` is the
 * German `/posts/x`, `/de` and `/de?q=1` the German `/` and `/?q=1`; without a prefix, the
 * default language. Only a configured language is a prefix: without French, `/fr/x` is a path
 * like any other. Folio's own paths (`/de/api/…`) and a rest that would read as another host
 * (`/de//example.com`) keep theirs, and so stay paths nothing answers.
 */
export function splitLocalePrefix(url: string, { codes, defaultLocale }: LocaleSettings): LocalizedURL {
  const match = /^\/([^/?#]+)(.*)$/s.exec(url)
  const code = match?.[1]
  const rest = match?.[2] ?? ''
  const unprefixed = rest === '' || rest.startsWith('?') ? `/${rest}` : rest
  if (code && codes.includes(code) && unprefixed.startsWith('/') && isSitePath(unprefixed)) {
    return { locale: code, url: unprefixed, redundantPrefix: code === defaultLocale }
  }
  return { locale: defaultLocale, url, redundantPrefix: false }
}

/**
 * A path of the website in a language: the default language's as it is, another's under its
 * prefix (`/de/posts/x`; `/de` for `/`, `/de?q=1` for `/?q=1`). Anything else (another host,
 * `#top`, `/api/…`, a path already under a language's prefix) is left as it is.
 */
export function localePath(path: string, locale: string, locales: LocaleSettings): string {
  if (locale === locales.defaultLocale || !isSitePath(path) || splitLocalePrefix(path, locales).url !== path) return path
  return /^\/([?#]|$)/.test(path) ? `/${locale}${path.slice(1)}` : `/${locale}${path}`
}

/** A path with each segment percent-decoded (`/caf%C3%A9` is `/café`), as the site's routes compare them; as it is when it is not valid. */
export function decodePath(path: string): string {
  try {
    return path.split('/').map(decodeURIComponent).join('/')
  } catch {
    return path
  }
}
