import type { Post } from '@payload-types'
import { authorNames, isCategory } from '../content'
import { formatDate } from '../format'
import { siteLocale } from '../siteLocale'

/** A post's date, authors (when `withAuthors`) and categories, each category linked, in the page's language. */
export async function PostMeta({ post, withAuthors = false }: { post: Post; withAuthors?: boolean }) {
  const { code, href, t } = await siteLocale()
  const authors = withAuthors ? authorNames(post) : []
  return (
    <p className="meta">
      {post.publishedAt ? <time dateTime={post.publishedAt}>{formatDate(post.publishedAt, code)}</time> : null}
      {authors.length ? t.byAuthors(authors.join(', ')) : null}
      {(post.categories ?? []).filter(isCategory).map((category) => (
        <span key={category.id}>
          {' · '}
          <a href={href(`/categories/${category.slug}`)}>{category.title}</a>
        </span>
      ))}
    </p>
  )
}
