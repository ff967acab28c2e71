import { getCurrentDate, type PayloadRequest } from 'payload'

export const SCHEDULE_PUBLISH_TASK = 'schedulePublish'

/** `locale`: the one language a publish is for; absent, every language. */
export type Schedule = { id: string; action: 'publish' | 'unpublish'; at: string; locale?: string }

type ScheduleJob = { id: string | number; input?: { type?: string; locale?: string }; waitUntil?: string }

/** The publish and unpublish events still to come for a document, soonest first: the ones the admin's Schedule drawer lists. */
export async function upcomingSchedules(req: PayloadRequest, collection: string, id: string): Promise<Schedule[]> {
  const { docs } = await req.payload.db.find({
    collection: 'payload-jobs',
    where: {
      and: [
        { taskSlug: { equals: SCHEDULE_PUBLISH_TASK } },
        { 'input.doc.relationTo': { equals: collection } },
        { 'input.doc.value': { equals: id } },
        { completedAt: { exists: false } },
        { waitUntil: { greater_than: getCurrentDate().toISOString() } },
      ],
    },
    sort: 'waitUntil',
    limit: 0,
    pagination: false,
    req,
  })
  return (docs as unknown as ScheduleJob[]).map((job) => ({
    id: String(job.id),
    action: job.input?.type === 'unpublish' ? 'unpublish' : 'publish',
    at: new Date(job.waitUntil ?? 0).toISOString(),
    ...(job.input?.type === 'publish' && job.input.locale ? { locale: job.input.locale } : {}),
  }))
}
