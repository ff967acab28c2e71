
import type { Post } from '@payload-types'
import { isMedia } from '../content'
import { siteLocale } from '../siteLocale'
import { Picture } from './Picture'
import { PostMeta } from './PostMeta'

/** A post in a list: image, title, date, categories and excerpt; the first card's image loads first. */
export async function PostCard({ post, priority = false }: { post: Post; priority?: boolean }) {
  const href = (await siteLocale()).href(`/posts/${post.slug}`)
  return (
    <article className="card">
      {isMedia(post.heroImage) ? (
        <a href={href} tabIndex={-1} aria-hidden="true" className="card-image">
          <Picture media={post.heroImage} sizes="(min-width: 960px) 300px, (min-width: 640px) 45vw, 100vw" priority={priority} />
        </a>
      ) : null}
      <div className="card-body">
        <h2 className="card-title">
          <a href={href}>{post.title}</a>
        </h2>
        <PostMeta post={post} />
        {post.excerpt ? <p>{post.excerpt}</p> : null}
      </div>
    </article>
  )
}
