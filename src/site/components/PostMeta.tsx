import type { Post } from '@payload-types'
import { authorNames, isCategory } from '../content'
import { formatDate } from '../format'

/** A post's date, authors (when `withAuthors`) and categories, each category linked. */
export function PostMeta({ post, withAuthors = false }: { post: Post; withAuthors?: boolean }) {
  const authors = withAuthors ? authorNames(post) : []
  return (
    <p className="meta">
      {post.publishedAt ? <time dateTime={post.publishedAt}>{formatDate(post.publishedAt)}</time> : null}
      {authors.length ? ` · by ${authors.join(', ')}` : null}
      {(post.categories ?? []).filter(isCategory).map((category) => (
        <span key={category.id}>
          {' · '}
          <a href={`/categories/${category.slug}`}>{category.title}</a>
        </span>
      ))}
    </p>
  )
}
