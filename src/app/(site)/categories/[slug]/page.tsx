import type { Metadata } from 'next'

import { PostList } from '@/site/components/PostList'
import { categoryAt, pageNumber } from '@/site/content'
import { localeMetadata } from '@/site/metadata'
import { foundDocument, shown } from '@/site/shown'
import { siteLocale } from '@/site/siteLocale'

export const dynamic = 'force-dynamic'

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = foundDocument(await categoryAt(decodeURIComponent((await params).slug)))
  if (!found) return {}
  return { title: found.doc.title, description: found.doc.description ?? undefined, ...(await localeMetadata(found.paths)) }
}

/** A category in the page's language: its description and its posts, newest first. */
export default async function CategoryPage({ params, searchParams }: Props) {
  const query = await searchParams
  const { doc: category, paths } = shown(await categoryAt(decodeURIComponent((await params).slug)), query)
  const { code, href } = await siteLocale()
  return (
    <section>
      <h1>{category.title}</h1>
      {category.description ? <p className="lead">{category.description}</p> : null}
      <PostList page={pageNumber(query.page)} category={category} base={paths[code] ?? href(`/categories/${category.slug}`)} />
    </section>
  )
}
