import type { Metadata } from 'next'
import { notFound } from 'next/navigation'

import { Blocks } from '@/site/components/Blocks'
import { pageAt } from '@/site/content'
import { documentMetadata } from '@/site/metadata'

export const dynamic = 'force-dynamic'

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

export async function generateMetadata(): Promise<Metadata> {
  const page = await pageAt('/')
  return page ? documentMetadata(page.meta, page.title, '/', 'website') : {}
}

/** The home page: the page whose path is `/`, block by block. */
export default async function Home({ searchParams }: Props) {
  const page = await pageAt('/')
  if (!page) notFound()
  return (
    <article className="page">
      {page.layout?.[0]?.blockType === 'hero' ? null : <h1>{page.title}</h1>}
      <Blocks blocks={page.layout ?? []} path="/" searchParams={await searchParams} />
    </article>
  )
}
