import { siteLocale } from '../siteLocale'

/** Previous and next page links, `base` plus `?page=N` (page 1 is `base` itself). */
export async function Pagination({ base, page, totalPages, query = {} }: { base: string; page: number; totalPages: number; query?: Record<string, string> }) {
  if (totalPages <= 1) return null
  const { t } = await siteLocale()
  const href = (n: number) => {
    const params = new URLSearchParams(query)
    if (n > 1) params.set('page', String(n))
    const search = params.toString()
    return search ? `${base}?${search}` : base
  }
  return (
    <nav className="pagination" aria-label={t.pagesNavigation}>
      {page > 1 ? <a href={href(page - 1)} rel="prev">{t.newer}</a> : <span />}
      <span>{t.pageOf(page, totalPages)}</span>
      {page < totalPages ? <a href={href(page + 1)} rel="next">{t.older}</a> : <span />}
    </nav>
  )
}
