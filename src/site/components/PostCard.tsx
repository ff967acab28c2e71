
import type { Post } from '@payload-types'
import { isCategory, isMedia } from '../content'
import { formatDate } from '../format'
import { Picture } from './Picture'

/** A post in a list: image, title, date, categories and excerpt; the first card's image loads first. */
export function PostCard({ post, priority = false }: { post: Post; priority?: boolean }) {
  const href = `/posts/${post.slug}`
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
        <p className="meta">
          {post.publishedAt ? <time dateTime={post.publishedAt}>{formatDate(post.publishedAt)}</time> : null}
          {(post.categories ?? []).filter(isCategory).map((category) => (
            <span key={category.id}>
              {' · '}
              <a href={`/categories/${category.slug}`}>{category.title}</a>
            </span>
          ))}
        </p>
        {post.excerpt ? <p>{post.excerpt}</p> : null}
      </div>
    </article>
  )
}
