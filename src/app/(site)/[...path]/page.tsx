import type { Metadata } from 'next'
import { notFound } from 'next/navigation'

import { Blocks } from '@/site/components/Blocks'
import { isPage, pageAt } from '@/site/content'
import { documentMetadata } from '@/site/metadata'

export const dynamic = 'force-dynamic'

type Props = { params: Promise<{ path: string[] }>; searchParams: Promise<Record<string, string | string[] | undefined>> }

/** `/about/team` from the route's segments (Next.js hands them over still percent-encoded). */
const pathOf = (segments: string[]) => `/${segments.map((segment) => decodeURIComponent(segment)).join('/')}`

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const path = pathOf((await params).path)
  const page = await pageAt(path)
  return page ? documentMetadata(page.meta, page.title, path, 'website') : {}
}

/**
 * A page at its full path (nested pages: /about/team). Old addresses in *Redirects* are answered
 * before this (a real 301 or 302, src/server/siteRedirects.ts); anything else is the 404 page.
 */
export default async function NestedPage({ params, searchParams }: Props) {
  const path = pathOf((await params).path)
  const page = await pageAt(path)
  if (!page) notFound()
  const ancestors = (page.breadcrumbs ?? []).slice(0, -1)
  return (
    <article className="page">
      {ancestors.length ? (
        <nav aria-label="Breadcrumb" className="breadcrumbs">
          <ol>
            {ancestors.map((crumb) => (
              <li key={crumb.id ?? crumb.url}>
                <a href={isPage(crumb.doc) && crumb.doc.path ? crumb.doc.path : (crumb.url ?? '/')}>{crumb.label}</a>
              </li>
            ))}
          </ol>
        </nav>
      ) : null}
      {page.layout?.[0]?.blockType === 'hero' ? null : <h1>{page.title}</h1>}
      <Blocks blocks={page.layout ?? []} path={path} searchParams={await searchParams} />
    </article>
  )
}
