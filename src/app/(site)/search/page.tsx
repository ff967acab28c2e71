import type { Metadata } from 'next'

import { everyLocale } from '@/site/addresses'
import { Pagination } from '@/site/components/Pagination'
import { pageNumber, search } from '@/site/content'
import { formatDate } from '@/site/format'
import { localeMetadata } from '@/site/metadata'
import { siteLocale } from '@/site/siteLocale'

export const dynamic = 'force-dynamic'

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await siteLocale()
  return { title: t.search, robots: { index: false }, ...(await localeMetadata(everyLocale('/search'))) }
}

/**
 * Search over Folio's search API (`/api/search/query`) in the page's language: a plain GET form,
 * results with highlighted snippets, each at its address in that language.
 */
export default async function SearchPage({ searchParams }: Props) {
  const params = await searchParams
  const { code, href, t } = await siteLocale()
  const q = (Array.isArray(params.q) ? params.q[0] : params.q)?.trim().slice(0, 200) ?? ''
  const page = pageNumber(params.page)
  const results = q ? await search(q, page) : undefined
  return (
    <section>
      <h1>{t.search}</h1>
      <form role="search" action={href('/search')} method="get" className="search-form">
        <label htmlFor="q">{t.searchLabel}</label>
        <input id="q" type="search" name="q" defaultValue={q} required maxLength={200} />
        <button type="submit" className="button">
          {t.searchButton}
        </button>
      </form>
      {results ? (
        <>
          <p role="status">{results.totalDocs === 0 ? t.nothingFound(q) : t.resultsFound(`${results.totalDocs}${results.truncated ? '+' : ''}`, results.totalDocs, q)}</p>
          <ol className="results">
            {results.results.map((result) => (
              <li key={`${result.collection}-${result.id}`}>
                <h2>
                  <a href={href(result.path)}>{result.title}</a>
                </h2>
                {result.publishedAt ? (
                  <p className="meta">
                    <time dateTime={result.publishedAt}>{formatDate(result.publishedAt, code)}</time>
                  </p>
                ) : null}
                {/* Folio escapes the snippet and marks the matches with <mark>. */}
                <p dangerouslySetInnerHTML={{ __html: result.snippet }} />
              </li>
            ))}
          </ol>
          <Pagination base={href('/search')} page={results.page} totalPages={results.totalPages} query={{ q }} />
        </>
      ) : null}
    </section>
  )
}
