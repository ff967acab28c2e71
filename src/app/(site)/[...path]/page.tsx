import type { Metadata } from 'next'

import { Blocks } from '@/site/components/Blocks'
import { isPage, pageAt } from '@/site/content'
import { decodePath } from '@/site/localePath'
import { documentMetadata } from '@/site/metadata'
import { foundDocument, shown } from '@/site/shown'
import { siteLocale } from '@/site/siteLocale'

export const dynamic = 'force-dynamic'

type Props = { params: Promise<{ path: string[] }>; searchParams: Promise<Record<string, string | string[] | undefined>> }

/** `/about/team` from the route's segments (Next.js hands them over still percent-encoded). */
const pathOf = (segments: string[]) => decodePath(`/${segments.join('/')}`)

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = foundDocument(await pageAt(pathOf((await params).path)))
  return found ? documentMetadata(found.doc.meta, found.doc.title, found.paths, 'website') : {}
}

/**
 * A page at its full path in the page's language (nested pages: /about/team, /de/ueber-uns/team),
 * or at its default-language path while it has none of its own there; at the default-language
 * path of a page that has, a redirect to it. Old addresses in *Redirects* are answered before
 * this (a real 301 or 302, src/server/siteRedirects.ts); anything else is the 404 page.
 */
export default async function NestedPage({ params, searchParams }: Props) {
  const query = await searchParams
  const { doc: page, paths, translated } = shown(await pageAt(pathOf((await params).path)), query)
  const { code, defaultLocale, href, t } = await siteLocale()
  const ancestors = (page.breadcrumbs ?? []).slice(0, -1)
  return (
    <article className="page" lang={translated ? undefined : defaultLocale}>
      {ancestors.length ? (
        <nav aria-label={t.breadcrumb} className="breadcrumbs">
          <ol>
            {ancestors.map((crumb) => (
              <li key={crumb.id ?? crumb.url}>
                <a href={href(isPage(crumb.doc) && crumb.doc.path ? crumb.doc.path : (crumb.url ?? '/'))}>{crumb.label}</a>
              </li>
            ))}
          </ol>
        </nav>
      ) : null}
      {page.layout?.[0]?.blockType === 'hero' ? null : <h1>{page.title}</h1>}
      <Blocks blocks={page.layout ?? []} path={paths[code] ?? href(page.path ?? '/')} searchParams={query} />
    </article>
  )
}
