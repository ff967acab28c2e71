import { localeLabel } from '@/lib/locales'
import { everyLocale, pathsHere } from '../addresses'
import { siteLocale } from '../siteLocale'

/**
 * Links to the page being read in each of the site's languages (plain links: no client code),
 * each named in its own language and marked as such, the current one with `aria-current`. A
 * language the document has no address in leads to that language's home page.
 */
export async function LanguageSwitch() {
  const [{ code, codes, t }, paths] = await Promise.all([siteLocale(), pathsHere()])
  if (codes.length < 2) return null
  const homes = everyLocale('/')
  return (
    <nav aria-label={t.languageNavigation} className="language-switch">
      <ul>
        {codes.map((locale) => (
          <li key={locale}>
            <a href={paths[locale] ?? homes[locale]} lang={locale} hrefLang={locale} aria-current={locale === code ? 'page' : undefined}>
              {localeLabel(locale)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}
