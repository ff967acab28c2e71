import { siteLocale } from '@/site/siteLocale'

/** The site's 404, in the language of the address asked for: what happened and where to go. */
export default async function NotFound() {
  const { href, t } = await siteLocale()
  return (
    <article className="page not-found">
      <h1>{t.notFoundTitle}</h1>
      <p>{t.notFoundText}</p>
      <p>
        <a href={href('/')} className="button">
          {t.homePage}
        </a>{' '}
        <a href={href('/search')} className="button secondary">
          {t.searchTheSite}
        </a>
      </p>
    </article>
  )
}
