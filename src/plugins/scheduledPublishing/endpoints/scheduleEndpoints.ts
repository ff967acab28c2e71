import { addDataAndFileToRequest, type CollectionSlug, type Endpoint, type TypedJobs } from 'payload'

import { ClientError } from '@/errors/ClientError'
import { routeParam } from '@/lib/routeParam'
import { requirePublishPermission } from '../lib/requirePublishPermission'
import { scheduleTimeProblem } from '../lib/scheduleTime'
import { SCHEDULE_PUBLISH_TASK, upcomingSchedules } from '../lib/upcomingSchedules'
import { errorResponses, idParameter, jsonResponse, type EndpointDocumentation } from '@/lib/endpointDocumentation'

const UPCOMING = {
  type: 'object',
  required: ['upcoming'],
  properties: {
    upcoming: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'action', 'at'],
        properties: { id: { type: 'string' }, action: { enum: ['publish', 'unpublish'] }, at: { type: 'string', format: 'date-time' }, locale: { type: 'string', description: 'The one language a publish is for; absent, every language.' } },
      },
    },
  },
}
const REFUSED = errorResponses({ 401: 'Not signed in', 403: 'Not allowed to publish this document', 404: 'No such document' })
const ACTIONS = ['publish', 'unpublish'] as const

type Body = { action?: unknown; at?: unknown; locale?: unknown }

type Schedule = { action: (typeof ACTIONS)[number]; at: Date; locale?: string }

const FIELDS = ['action', 'at', 'locale']

/** Payload's task input; its `doc.relationTo` lists the collections with scheduled publishing, one of which `collection` is. */
type ScheduleInput = TypedJobs['tasks'][typeof SCHEDULE_PUBLISH_TASK]['input']

function readSchedule(body: Body, locales: string[]): Schedule {
  const unknown = Object.keys(body).filter((key) => !FIELDS.includes(key))
  if (unknown.length) throw new ClientError(`unknown field(s): ${unknown.join(', ')}; send { "action": "publish" | "unpublish", "at": "<ISO date>", "locale"?: "<language>" }`)
  if (!ACTIONS.includes(body.action as never)) throw new ClientError('action: must be "publish" or "unpublish"')
  if (typeof body.at !== 'string' || Number.isNaN(Date.parse(body.at))) throw new ClientError('at: must be a date and time, for example 2030-01-31T09:00:00Z')
  const at = new Date(body.at)
  const problem = scheduleTimeProblem(at)
  if (problem) throw new ClientError(`at: ${problem}`)
  const action = body.action as (typeof ACTIONS)[number]
  if (body.locale === undefined || body.locale === null) return { action, at }
  if (action !== 'publish') throw new ClientError('locale: only a publish is for one language; an unpublish is for every language')
  if (typeof body.locale !== 'string' || !locales.includes(body.locale)) throw new ClientError(`locale: must be one of ${locales.join(', ')}`)
  return { action, at, locale: body.locale }
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
      custom: {
        openapi: {
          summary: 'Upcoming scheduled publish and unpublish events',
          parameters: [idParameter('document')],
          responses: { 200: jsonResponse('The upcoming events, soonest first', UPCOMING), ...REFUSED },
        } satisfies EndpointDocumentation,
      },
      handler: async (req) => {
        const id = await requirePublishPermission(req, collection)
        return Response.json({ upcoming: await upcomingSchedules(req, collection, id) })
      },
    },
    {
      path: '/:id/schedule',
      method: 'post',
      custom: {
        openapi: {
          summary: 'Publish or unpublish at a future time',
          parameters: [idParameter('document')],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['action', 'at'],
                  additionalProperties: false,
                  properties: {
                    action: { enum: ['publish', 'unpublish'] },
                    at: { type: 'string', format: 'date-time' },
                    locale: { type: 'string', description: 'Publish this language only (the default: every language).' },
                  },
                },
              },
            },
          },
          responses: {
            201: jsonResponse('Scheduled', { type: 'object', required: ['id', 'action', 'at'], properties: { id: { type: 'string' }, action: { type: 'string' }, at: { type: 'string' } } }),
            ...errorResponses({ 400: 'Not an action and a time within five years' }),
            ...REFUSED,
          },
        } satisfies EndpointDocumentation,
      },
      handler: async (req) => {
        const id = await requirePublishPermission(req, collection)
        await addDataAndFileToRequest(req)
        const body = req.data
        if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ClientError('send a JSON object: { "action": "publish" | "unpublish", "at": "<ISO date>" }')
        const { action, at, locale } = readSchedule(body, req.payload.config.localization ? req.payload.config.localization.localeCodes : [])
        const user = req.user!
        const job = await req.payload.jobs.queue({
          task: SCHEDULE_PUBLISH_TASK,
          input: { type: action, doc: { relationTo: collection, value: id }, user: { relationTo: user.collection, value: user.id }, ...(locale ? { locale } : {}) } as ScheduleInput,
          waitUntil: at,
          req,
        })
        return Response.json({ id: String(job.id), action, at: at.toISOString(), ...(locale ? { locale } : {}) }, { status: 201 })
      },
    },
    {
      path: '/:id/schedule/:jobId',
      method: 'delete',
      custom: {
        openapi: {
          summary: 'Cancel one scheduled event',
          parameters: [idParameter('document'), { in: 'path', name: 'jobId', required: true, schema: { type: 'string' }, description: 'The event, as the list gives it.' }],
          responses: { 200: jsonResponse('The events still upcoming', UPCOMING), ...REFUSED },
        } satisfies EndpointDocumentation,
      },
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
