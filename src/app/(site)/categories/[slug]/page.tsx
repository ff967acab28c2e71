import type { Metadata } from 'next'
import { notFound } from 'next/navigation'

import { PostList } from '@/site/components/PostList'
import { categoryBySlug, pageNumber } from '@/site/content'

export const dynamic = 'force-dynamic'

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params
  const category = await categoryBySlug(decodeURIComponent(slug))
  return category ? { title: category.title, description: category.description ?? undefined, alternates: { canonical: `/categories/${category.slug}` } } : {}
}

/** A category: its description and its posts, newest first. */
export default async function CategoryPage({ params, searchParams }: Props) {
  const { slug } = await params
  const category = await categoryBySlug(decodeURIComponent(slug))
  if (!category) notFound()
  return (
    <section>
      <h1>{category.title}</h1>
      {category.description ? <p className="lead">{category.description}</p> : null}
      <PostList page={pageNumber((await searchParams).page)} category={category} base={`/categories/${category.slug}`} />
    </section>
  )
}
