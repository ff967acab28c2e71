import type { Metadata } from 'next'
import { notFound } from 'next/navigation'

import { PostList } from '@/site/components/PostList'
import { pageNumber, postList } from '@/site/content'

export const dynamic = 'force-dynamic'

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

export const metadata: Metadata = { title: 'Blog', alternates: { canonical: '/posts' } }

/** The blog: published posts, newest first, 10 a page (`?page=2`). */
export default async function Blog({ searchParams }: Props) {
  const page = pageNumber((await searchParams).page)
  if (page > 1 && (await postList(page)).docs.length === 0) notFound()
  return (
    <section>
      <h1>Blog</h1>
      <PostList page={page} base="/posts" />
    </section>
  )
}
