
import type { Category } from '@payload-types'
import { categories, postList } from '../content'
import { siteLocale } from '../siteLocale'
import { Pagination } from './Pagination'
import { PostCard } from './PostCard'

/** A page of posts, newest first, with the categories to filter by and links to other pages, in the page's language. */
export async function PostList({ page, category, base }: { page: number; category?: Category; base: string }) {
  const [list, all, { href, t }] = await Promise.all([postList(page, category?.id), categories(), siteLocale()])
  return (
    <>
      <nav aria-label={t.categoriesNavigation} className="filters">
        <ul>
          <li>
            <a href={href('/posts')} aria-current={category ? undefined : 'page'}>
              {t.allPosts}
            </a>
          </li>
          {all.map((each) => (
            <li key={each.id}>
              <a href={href(`/categories/${each.slug}`)} aria-current={each.id === category?.id ? 'page' : undefined}>
                {each.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {list.docs.length ? (
        <div className="cards">
          {list.docs.map((post, index) => (
            <PostCard key={post.id} post={post} priority={index === 0} />
          ))}
        </div>
      ) : (
        <p>{t.noPosts}</p>
      )}
      <Pagination base={base} page={list.page ?? page} totalPages={list.totalPages} />
    </>
  )
}
