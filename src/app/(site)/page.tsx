import type { Metadata } from 'next'

import { Blocks } from '@/site/components/Blocks'
import { pageAt } from '@/site/content'
import { documentMetadata } from '@/site/metadata'
import { foundDocument, shown } from '@/site/shown'
import { siteLocale } from '@/site/siteLocale'

export const dynamic = 'force-dynamic'

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

export async function generateMetadata(): Promise<Metadata> {
  const found = foundDocument(await pageAt('/'))
  return found ? documentMetadata(found.doc.meta, found.doc.title, found.paths, 'website') : {}
}

/** The home page: the page whose path is `/`, block by block, in the page's language. */
export default async function Home({ searchParams }: Props) {
  const params = await searchParams
  const { doc: page, paths, translated } = shown(await pageAt('/'), params)
  const { code, defaultLocale } = await siteLocale()
  return (
    <article className="page" lang={translated ? undefined : defaultLocale}>
      {page.layout?.[0]?.blockType === 'hero' ? null : <h1>{page.title}</h1>}
      <Blocks blocks={page.layout ?? []} path={paths[code] ?? '/'} searchParams={params} />
    </article>
  )
}
