import { addDataAndFileToRequest, getCurrentDate, type CollectionSlug, type Endpoint, type TypedJobs } from 'payload'

import { ClientError } from '@/errors/ClientError'
import { routeParam } from '@/lib/routeParam'
import { requirePublishPermission } from '../lib/requirePublishPermission'
import { SCHEDULE_PUBLISH_TASK, upcomingSchedules } from '../lib/upcomingSchedules'

const MAX_AHEAD_MS = 5 * 366 * 24 * 60 * 60 * 1000
const ACTIONS = ['publish', 'unpublish'] as const

type Body = { action?: unknown; at?: unknown }

/** Payload's task input; its `doc.relationTo` lists the collections with scheduled publishing, one of which `collection` is. */
type ScheduleInput = TypedJobs['tasks'][typeof SCHEDULE_PUBLISH_TASK]['input']

function readSchedule(body: Body): { action: (typeof ACTIONS)[number]; at: Date } {
  const unknown = Object.keys(body).filter((key) => key !== 'action' && key !== 'at')
  if (unknown.length) throw new ClientError(`unknown field(s): ${unknown.join(', ')}; send { "action": "publish" | "unpublish", "at": "<ISO date>" }`)
  if (!ACTIONS.includes(body.action as never)) throw new ClientError('action: must be "publish" or "unpublish"')
  if (typeof body.at !== 'string' || Number.isNaN(Date.parse(body.at))) throw new ClientError('at: must be a date and time, for example 2030-01-31T09:00:00Z')
  const at = new Date(body.at)
  const now = getCurrentDate().getTime()
  if (at.getTime() <= now) throw new ClientError('at: must be in the future')
  if (at.getTime() > now + MAX_AHEAD_MS) throw new ClientError('at: must be within five years')
  return { action: body.action as (typeof ACTIONS)[number], at }
}

/**
 * REST for what the admin's Schedule drawer does: publish or unpublish a document at a future
 * time through Payload's schedulePublish job, which runs as the user who scheduled it.
 *   GET    /:id/schedule         upcoming events
 *   POST   /:id/schedule         { action, at }
 *   DELETE /:id/schedule/:jobId  cancel one
 */
export function scheduleEndpoints(collection: CollectionSlug): Endpoint[] {
  return [
    {
      path: '/:id/schedule',
      method: 'get',
      handler: async (req) => {
        const id = await requirePublishPermission(req, collection)
        return Response.json({ upcoming: await upcomingSchedules(req, collection, id) })
      },
    },
    {
      path: '/:id/schedule',
      method: 'post',
      handler: async (req) => {
        const id = await requirePublishPermission(req, collection)
        await addDataAndFileToRequest(req)
        const body = req.data
        if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ClientError('send a JSON object: { "action": "publish" | "unpublish", "at": "<ISO date>" }')
        const { action, at } = readSchedule(body)
        const user = req.user!
        const job = await req.payload.jobs.queue({
          task: SCHEDULE_PUBLISH_TASK,
          input: { type: action, doc: { relationTo: collection, value: id }, user: { relationTo: user.collection, value: user.id } } as ScheduleInput,
          waitUntil: at,
          req,
        })
        return Response.json({ id: String(job.id), action, at: at.toISOString() }, { status: 201 })
      },
    },
    {
      path: '/:id/schedule/:jobId',
      method: 'delete',
      handler: async (req) => {
        const id = await requirePublishPermission(req, collection)
        const jobId = routeParam(req, 'jobId')
        const upcoming = await upcomingSchedules(req, collection, id)
        if (!upcoming.some((schedule) => schedule.id === jobId)) {
          throw new ClientError(`No upcoming publish or unpublish ${jobId} for this document`, 404)
        }
        await req.payload.db.deleteOne({ collection: 'payload-jobs', where: { id: { equals: jobId } }, req })
        return Response.json({ upcoming: await upcomingSchedules(req, collection, id) })
      },
    },
  ]
}
