import { getCurrentDate, type Endpoint, type Where } from 'payload'

import { WEBHOOK_DELIVERIES, WEBHOOKS } from '../constants'
import { findRecord } from '../lib/findRecord'
import { requireRole } from '@/access/requireRole'
import { errorResponses, idParameter, jsonResponse, type EndpointDocumentation } from '@/lib/endpointDocumentation'

const WINDOW_MS = 7 * 24 * 60 * 60 * 1000
const RECENT = 20

/** GET /api/webhooks/:id/summary — success rate over 7 days and the latest deliveries, for the admin view. */
export const endpointSummary: Endpoint = {
  path: '/:id/summary',
  method: 'get',
  custom: {
    openapi: {
      summary: 'Success rate over 7 days and the latest deliveries',
      parameters: [idParameter('endpoint')],
      responses: { 200: jsonResponse('Success rate over 7 days and the latest deliveries', { type: 'object' }), ...errorResponses({ 401: 'Not signed in', 403: 'Admins only', 404: 'No such endpoint' }) },
    } satisfies EndpointDocumentation,
  },
  handler: async (req) => {
    requireRole(req, 'admin')
    const endpoint = await findRecord<Record<string, unknown> & { id: string }>(req, WEBHOOKS)
    const since = new Date(getCurrentDate().getTime() - WINDOW_MS).toISOString()
    const count = async (status: string, isTest: boolean) => {
      const where: Where = {
        and: [
          { endpoint: { equals: endpoint.id } },
          { status: { equals: status } },
          { createdAt: { greater_than_equal: since } },
          isTest ? { isTest: { equals: true } } : { isTest: { not_equals: true } },
        ],
      }
      return (await req.payload.db.count({ collection: WEBHOOK_DELIVERIES, where, req })).totalDocs
    }
    // Test events are counted apart: they say nothing of how content changes are delivered.
    const [succeeded, failed, pending, testsSucceeded, testsFailed, testsPending] = await Promise.all([
      count('succeeded', false),
      count('failed', false),
      count('pending', false),
      count('succeeded', true),
      count('failed', true),
      count('pending', true),
    ])
    const { docs } = await req.payload.db.find({
      collection: WEBHOOK_DELIVERIES,
      where: { endpoint: { equals: endpoint.id } },
      sort: '-sequence',
      limit: RECENT,
      pagination: false,
      req,
    })
    const finished = succeeded + failed
    return Response.json({
      endpoint: {
        id: endpoint.id,
        enabled: endpoint.enabled,
        failingSince: endpoint.failingSince ?? null,
        disabledReason: endpoint.disabledReason ?? null,
        secretShown: Boolean(endpoint.secretShownAt),
      },
      lastSevenDays: {
        succeeded,
        failed,
        pending,
        successRate: finished === 0 ? null : succeeded / finished,
        testEvents: { succeeded: testsSucceeded, failed: testsFailed, pending: testsPending },
      },
      recent: (docs as unknown as Record<string, unknown>[]).map((delivery) => ({
        id: String(delivery.id),
        eventType: delivery.eventType,
        status: delivery.status,
        attempts: delivery.attempts,
        statusCode: delivery.statusCode ?? null,
        durationMs: delivery.durationMs ?? null,
        error: delivery.error ?? null,
        nextRetryAt: delivery.nextRetryAt ?? null,
        createdAt: delivery.createdAt,
        isTest: Boolean(delivery.isTest),
      })),
    })
  },
}
