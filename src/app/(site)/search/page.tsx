import type { Metadata } from 'next'

import { Pagination } from '@/site/components/Pagination'
import { pageNumber, search } from '@/site/content'
import { formatDate } from '@/site/format'

export const dynamic = 'force-dynamic'

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

export const metadata: Metadata = { title: 'Search', robots: { index: false } }

/** Search over Folio's search API (`/api/search/query`): a plain GET form, results with highlighted snippets. */
export default async function SearchPage({ searchParams }: Props) {
  const params = await searchParams
  const q = (Array.isArray(params.q) ? params.q[0] : params.q)?.trim().slice(0, 200) ?? ''
  const page = pageNumber(params.page)
  const results = q ? await search(q, page) : undefined
  return (
    <section>
      <h1>Search</h1>
      <form role="search" action="/search" method="get" className="search-form">
        <label htmlFor="q">Search posts and pages</label>
        <input id="q" type="search" name="q" defaultValue={q} required maxLength={200} />
        <button type="submit" className="button">
          Search
        </button>
      </form>
      {results ? (
        <>
          <p role="status">
            {results.totalDocs === 0 ? `Nothing found for “${q}”.` : `${results.totalDocs}${results.truncated ? '+' : ''} result${results.totalDocs === 1 ? '' : 's'} for “${q}”.`}
          </p>
          <ol className="results">
            {results.results.map((result) => (
              <li key={`${result.collection}-${result.id}`}>
                <h2>
                  <a href={result.path}>{result.title}</a>
                </h2>
                {result.publishedAt ? (
                  <p className="meta">
                    <time dateTime={result.publishedAt}>{formatDate(result.publishedAt)}</time>
                  </p>
                ) : null}
                {/* Folio escapes the snippet and marks the matches with <mark>. */}
                <p dangerouslySetInnerHTML={{ __html: result.snippet }} />
              </li>
            ))}
          </ol>
          <Pagination base="/search" page={results.page} totalPages={results.totalPages} query={{ q }} />
        </>
      ) : null}
    </section>
  )
}
