import type { Metadata } from 'next'
import { notFound } from 'next/navigation'

import { Picture } from '@/site/components/Picture'
import { PostMeta } from '@/site/components/PostMeta'
import { RichText } from '@/site/components/RichText'
import { authorNames, isMedia, postBySlug } from '@/site/content'
import { jsonLd } from '@/site/jsonLd'
import { documentMetadata } from '@/site/metadata'
import { siteURL } from '@/site/siteURL'

export const dynamic = 'force-dynamic'

type Props = { params: Promise<{ slug: string }> }

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params
  const post = await postBySlug(decodeURIComponent(slug))
  if (!post) return {}
  return documentMetadata(post.meta, post.title, `/posts/${post.slug}`, 'article', { publishedTime: post.publishedAt ?? undefined, modifiedTime: post.updatedAt, authors: authorNames(post) })
}

/** A post: hero image, title, date, authors, categories and its text, with JSON-LD for search engines. */
export default async function PostPage({ params }: Props) {
  const { slug } = await params
  const post = await postBySlug(decodeURIComponent(slug))
  if (!post) notFound()
  const url = `${siteURL()}/posts/${post.slug}`
  const image = isMedia(post.heroImage) ? post.heroImage : undefined
  const structured = {
    '@context': 'https://schema.org',
    '@type': 'BlogPosting',
    headline: post.title,
    description: post.meta?.description ?? post.excerpt ?? undefined,
    datePublished: post.publishedAt ?? undefined,
    dateModified: post.updatedAt,
    author: authorNames(post).map((name) => ({ '@type': 'Person', name })),
    image: image?.presets?.social ?? image?.url ?? undefined,
    mainEntityOfPage: url,
    url,
  }
  return (
    <article className="post">
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd(structured) }} />
      <header className="post-header">
        <h1>{post.title}</h1>
        <PostMeta post={post} withAuthors />
        {post.excerpt ? <p className="lead">{post.excerpt}</p> : null}
      </header>
      {image ? <Picture media={image} sizes="(min-width: 800px) 760px, 100vw" priority className="post-image" /> : null}
      <RichText html={post.contentHtml} />
      <p>
        <a href="/posts">← All posts</a>
      </p>
    </article>
  )
}
