
import type { Category } from '@payload-types'
import { categories, postList } from '../content'
import { Pagination } from './Pagination'
import { PostCard } from './PostCard'

/** A page of posts, newest first, with the categories to filter by and links to other pages. */
export async function PostList({ page, category, base }: { page: number; category?: Category; base: string }) {
  const [list, all] = await Promise.all([postList(page, category?.id), categories()])
  return (
    <>
      <nav aria-label="Categories" className="filters">
        <ul>
          <li>
            <a href="/posts" aria-current={category ? undefined : 'page'}>
              All posts
            </a>
          </li>
          {all.map((each) => (
            <li key={each.id}>
              <a href={`/categories/${each.slug}`} aria-current={each.id === category?.id ? 'page' : undefined}>
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
        <p>No posts here yet.</p>
      )}
      <Pagination base={base} page={list.page ?? page} totalPages={list.totalPages} />
    </>
  )
}
