import type { CollectionSlug, Payload, TypedUser, Where } from 'payload'
import type React from 'react'

import { hasRole } from '@/access/roles'

type Props = { payload: Payload; user?: TypedUser | null }

const WEEK_MS = 7 * 24 * 60 * 60 * 1000
const LIST_SIZE = 6
const EDITORIAL = ['posts', 'pages'] as const
const COUNTED = ['posts', 'pages', 'media', 'categories', 'form-submissions'] as const

/** The time the dashboard is rendered for (a server component renders once per request). */
const renderedAt = () => new Date()
const titleOf = (doc: unknown) => {
  const title = (doc as { title?: unknown }).title
  return typeof title === 'string' && title ? title : 'Untitled'
}

const when = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' })
const date = (iso: string | null | undefined) => (iso ? when.format(new Date(iso)) : '')
const adminURL = (path: string) => `/admin${path}`

const box: React.CSSProperties = { border: '1px solid var(--theme-elevation-150)', borderRadius: 4, padding: '1rem 1.25rem', background: 'var(--theme-elevation-0)' }
const list: React.CSSProperties = { listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: '0.35rem' }
const muted: React.CSSProperties = { color: 'var(--theme-elevation-600)', fontSize: '0.9em' }

function Section({ title, href, testId, children }: { title: string; href: string; testId: string; children: React.ReactNode }) {
  return (
    <section style={box} data-testid={testId} aria-label={title}>
      <h3 style={{ margin: '0 0 0.75rem' }}>
        <a href={href}>{title}</a>
      </h3>
      {children}
    </section>
  )
}

/**
 * Folio's dashboard, above Payload's collection cards: counts per collection, the latest changes,
 * upcoming scheduled publishing, drafts untouched for a week and webhook endpoints that fail. Every
 * query runs with the signed-in user's access, so each role sees what it may read.
 */
export default async function FolioDashboard({ payload, user }: Props) {
  if (!user) return null
  const asUser = { user, overrideAccess: false, depth: 0 } as const
  const isAdmin = hasRole(user, 'admin')
  const now = renderedAt()
  const staleSince = new Date(now.getTime() - WEEK_MS).toISOString()

  const counts = await Promise.all(
    COUNTED.map(async (slug) => {
      const total = await payload.count({ collection: slug, ...asUser }).catch(() => undefined)
      const drafts = (EDITORIAL as readonly string[]).includes(slug)
        ? await payload.count({ collection: slug, where: { _status: { equals: 'draft' } }, ...asUser }).catch(() => undefined)
        : undefined
      return { slug, label: payload.collections[slug].config.labels.plural as string, total: total?.totalDocs, drafts: drafts?.totalDocs }
    }),
  )

  const staleDrafts = (
    await Promise.all(
      EDITORIAL.map(async (slug) => {
        const where: Where = { and: [{ _status: { equals: 'draft' } }, { updatedAt: { less_than: staleSince } }] }
        const { docs } = await payload.find({ collection: slug, where, sort: 'updatedAt', limit: LIST_SIZE, ...asUser }).catch(() => ({ docs: [] }))
        return docs.map((doc) => ({ slug, id: String(doc.id), title: titleOf(doc), updatedAt: doc.updatedAt }))
      }),
    )
  ).flat()

  // Scheduled jobs are Payload's; each document is shown only if this user may read it.
  const { docs: jobs } = await payload.find({
    collection: 'payload-jobs',
    where: { and: [{ taskSlug: { equals: 'schedulePublish' } }, { completedAt: { exists: false } }, { waitUntil: { greater_than: now.toISOString() } }] },
    sort: 'waitUntil',
    limit: 20,
    depth: 0,
  })
  const upcoming = (
    await Promise.all(
      jobs.map(async (job) => {
        const input = job.input as { type?: string; doc?: { relationTo?: string; value?: string } } | undefined
        const slug = input?.doc?.relationTo as CollectionSlug | undefined
        if (!slug || !input?.doc?.value) return undefined
        const doc = await payload.findByID({ collection: slug, id: input.doc.value, draft: true, ...asUser, disableErrors: true }).catch(() => null)
        return doc ? { id: String(job.id), slug, docId: String(doc.id), title: titleOf(doc), type: input.type ?? 'publish', at: job.waitUntil } : undefined
      }),
    )
  )
    .filter((event) => event !== undefined)
    .slice(0, LIST_SIZE)

  const changes = isAdmin ? (await payload.find({ collection: 'audit-log', sort: '-createdAt', limit: LIST_SIZE, ...asUser })).docs : []
  const failing = isAdmin
    ? (await payload.find({ collection: 'webhooks', where: { or: [{ failingSince: { exists: true } }, { disabledAt: { exists: true } }] }, limit: LIST_SIZE, ...asUser })).docs
    : []

  return (
    <div data-testid="folio-dashboard" style={{ display: 'grid', gap: '1rem', gridTemplateColumns: 'repeat(auto-fit, minmax(18rem, 1fr))', marginBottom: '2rem' }}>
      <Section title="Content" href={adminURL('/collections/posts')} testId="dashboard-counts">
        <ul style={list}>
          {counts
            .filter((count) => count.total !== undefined)
            .map((count) => (
              <li key={count.slug} data-collection={count.slug}>
                <a href={adminURL(`/collections/${count.slug}`)}>
                  <strong data-testid={`count-${count.slug}`}>{count.total}</strong> {count.label}
                </a>
                {count.drafts ? <span style={muted}> · {count.drafts} drafts</span> : null}
              </li>
            ))}
        </ul>
      </Section>
      <Section title="Upcoming schedules" href={adminURL('/collections/posts')} testId="dashboard-upcoming">
        {upcoming.length ? (
          <ul style={list}>
            {upcoming.map((event) => (
              <li key={event.id}>
                <a href={adminURL(`/collections/${event.slug}/${event.docId}`)}>{event.title}</a> <span style={muted}>— {event.type} on {date(event.at)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p style={muted}>Nothing scheduled.</p>
        )}
      </Section>
      <Section title="Drafts untouched for a week" href={adminURL('/collections/posts?where[_status][equals]=draft')} testId="dashboard-stale">
        {staleDrafts.length ? (
          <ul style={list}>
            {staleDrafts.map((draft) => (
              <li key={`${draft.slug}-${draft.id}`}>
                <a href={adminURL(`/collections/${draft.slug}/${draft.id}`)}>{draft.title}</a> <span style={muted}>— last saved {date(draft.updatedAt)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p style={muted}>None: every draft was worked on this week.</p>
        )}
      </Section>
      {isAdmin ? (
        <Section title="Latest changes" href={adminURL('/collections/audit-log')} testId="dashboard-changes">
          <ul style={list}>
            {changes.map((entry) => (
              <li key={String(entry.id)}>
                <strong>{String(entry.action)}</strong> {String(entry.documentTitle ?? entry.sourceGlobal ?? entry.sourceCollection ?? '')}{' '}
                <span style={muted}>
                  — {String(entry.userEmail ?? 'system')}, {date(entry.createdAt)}
                </span>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      {isAdmin ? (
        <Section title="Webhook endpoints failing" href={adminURL('/collections/webhooks')} testId="dashboard-webhooks">
          {failing.length ? (
            <ul style={list}>
              {failing.map((endpoint) => (
                <li key={String(endpoint.id)}>
                  <a href={adminURL(`/collections/webhooks/${endpoint.id}`)}>{String(endpoint.name)}</a>{' '}
                  <span style={muted}>— {endpoint.disabledAt ? `disabled ${date(endpoint.disabledAt)}` : `failing since ${date(endpoint.failingSince)}`}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p style={muted}>All endpoints deliver.</p>
          )}
        </Section>
      ) : null}
    </div>
  )
}
