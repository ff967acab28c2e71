import type { Metadata } from 'next'

import { Picture } from '@/site/components/Picture'
import { PostMeta } from '@/site/components/PostMeta'
import { RichText } from '@/site/components/RichText'
import { authorNames, isMedia, postAt } from '@/site/content'
import { jsonLd } from '@/site/jsonLd'
import { documentMetadata } from '@/site/metadata'
import { foundDocument, shown } from '@/site/shown'
import { siteLocale } from '@/site/siteLocale'
import { siteURL } from '@/site/siteURL'

export const dynamic = 'force-dynamic'

type Props = { params: Promise<{ slug: string }> }

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = foundDocument(await postAt(decodeURIComponent((await params).slug)))
  if (!found) return {}
  const { doc: post, paths } = found
  return documentMetadata(post.meta, post.title, paths, 'article', { publishedTime: post.publishedAt ?? undefined, modifiedTime: post.updatedAt, authors: authorNames(post) })
}

/**
 * A post in the page's language: hero image, title, date, authors, categories and its text, with
 * JSON-LD for search engines. Untranslated, its words are the default language's, and say so (`lang`).
 */
export default async function PostPage({ params }: Props) {
  const { doc: post, paths, translated } = shown(await postAt(decodeURIComponent((await params).slug)))
  const { code, defaultLocale, href, t } = await siteLocale()
  const url = `${siteURL()}${paths[code] ?? href(`/posts/${post.slug}`)}`
  const image = isMedia(post.heroImage) ? post.heroImage : undefined
  const contentLocale = translated ? code : defaultLocale
  const structured = {
    '@context': 'https://schema.org',
    '@type': 'BlogPosting',
    headline: post.title,
    description: post.meta?.description ?? post.excerpt ?? undefined,
    datePublished: post.publishedAt ?? undefined,
    dateModified: post.updatedAt,
    author: authorNames(post).map((name) => ({ '@type': 'Person', name })),
    image: image?.presets?.social ?? image?.url ?? undefined,
    inLanguage: contentLocale,
    mainEntityOfPage: url,
    url,
  }
  const lang = translated ? undefined : defaultLocale
  return (
    <article className="post">
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd(structured) }} />
      <header className="post-header">
        <h1 lang={lang}>{post.title}</h1>
        <PostMeta post={post} withAuthors />
        {post.excerpt ? (
          <p className="lead" lang={lang}>
            {post.excerpt}
          </p>
        ) : null}
      </header>
      {image ? <Picture media={image} sizes="(min-width: 800px) 760px, 100vw" priority className="post-image" /> : null}
      <RichText html={post.contentHtml} lang={lang} />
      <p>
        <a href={href('/posts')}>{t.backToPosts}</a>
      </p>
    </article>
  )
}
