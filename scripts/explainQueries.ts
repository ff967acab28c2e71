// Prints the query plan of the reads frontends make, to check they use Folio's indexes, on the
// MongoDB (or Atlas) that MONGODB_URI names. The local database has no `explain` (and serves only
// unique indexes): this is a check for real MongoDB.
//
//   MONGODB_URI=mongodb+srv://… npm run explain
import type { MongooseAdapter } from '@payloadcms/db-mongodb'
import { getPayload } from 'payload'

type Plan = { stage?: string; indexName?: string; inputStage?: Plan; inputStages?: Plan[]; queryPlan?: Plan }
type Explained = { queryPlanner?: { winningPlan?: Plan } }

/** The stages of a winning plan, outermost first: IXSCAN means an index is used, COLLSCAN a full scan. */
function stages(plan: Plan | undefined): string[] {
  if (!plan) return []
  const own = plan.stage ? [plan.indexName ? `${plan.stage}(${plan.indexName})` : plan.stage] : []
  const inner = [plan.queryPlan, plan.inputStage, ...(plan.inputStages ?? [])].flatMap((child) => stages(child))
  return [...own, ...inner]
}

if (!process.env.MONGODB_URI) {
  console.error('npm run explain reads query plans from real MongoDB: set MONGODB_URI to your MongoDB 6+ or Atlas (the local database has no explain).')
  process.exit(1)
}
process.env.FOLIO_JOBS = 'false'

try {
  const { default: config } = await import('../payload.config')
  const payload = await getPayload({ config })
  const db = payload.db as MongooseAdapter
  // The plan depends on the index, not on the value: any id will do.
  const category = '6b04f5873d76c46d80000000'
  const queries: { name: string; collection: string; filter: object; sort?: Record<string, 1 | -1> }[] = [
    { name: 'post by slug', collection: 'posts', filter: { $and: [{ slug: 'introducing-folio' }, { _status: 'published' }] } },
    { name: 'newest published posts', collection: 'posts', filter: { _status: 'published' }, sort: { publishedAt: -1 } },
    { name: 'posts of a category, newest first', collection: 'posts', filter: { $and: [{ categories: { $in: [category] } }, { _status: 'published' }] }, sort: { publishedAt: -1 } },
    { name: 'page by full path', collection: 'pages', filter: { $and: [{ path: '/about/team' }, { _status: 'published' }] } },
    { name: 'category by slug', collection: 'categories', filter: { slug: 'product' } },
    { name: 'redirect lookup', collection: 'redirects', filter: { from: '/old-page' } },
  ]
  console.log('database: MONGODB_URI\n')
  for (const query of queries) {
    const cursor = db.collections[query.collection].collection.find(query.filter).limit(20)
    if (query.sort) cursor.sort(query.sort)
    const explained = (await cursor.explain()) as Explained
    const plan = stages(explained.queryPlanner?.winningPlan)
    console.log(`${query.name.padEnd(36)} ${plan.join(' <- ') || JSON.stringify(explained).slice(0, 160)}`)
  }
  await payload.destroy()
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
}
process.exit(0)
