import type { Metadata } from 'next'
import { notFound } from 'next/navigation'

import { everyLocale } from '@/site/addresses'
import { PostList } from '@/site/components/PostList'
import { pageNumber, postList } from '@/site/content'
import { localeMetadata } from '@/site/metadata'
import { siteLocale } from '@/site/siteLocale'

export const dynamic = 'force-dynamic'

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await siteLocale()
  return { title: t.blog, ...(await localeMetadata(everyLocale('/posts'))) }
}

/** The blog: published posts, newest first, 10 a page (`?page=2`), in the page's language. */
export default async function Blog({ searchParams }: Props) {
  const page = pageNumber((await searchParams).page)
  if (page > 1 && (await postList(page)).docs.length === 0) notFound()
  const { href, t } = await siteLocale()
  return (
    <section>
      <h1>{t.blog}</h1>
      <PostList page={page} base={href('/posts')} />
    </section>
  )
}
