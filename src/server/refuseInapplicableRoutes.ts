import type { RequestHandler } from 'express'
import type { Payload } from 'payload'

import { ErrorCode } from '../errors/errorCodes'
import { sendError } from './sendError'

/** Methods Folio's API answers; TRACE and the like get 405 (the Fetch bridge cannot carry them). */
const API_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

/**
 * Routes Payload serves for every collection whether they apply or not, and answers with a 500
 * where they do not: versions of a collection or global that keeps none, e-mail verification where
 * accounts are not verified, the job schedules when nothing is scheduled. They are a 404 here;
 * unknown methods a 405.
 */
export function refuseInapplicableRoutes(payload: Payload): RequestHandler {
  const apiRoute = payload.config.routes.api
  const versioned = new Set<string>([
    ...payload.config.collections.filter((collection) => collection.versions).map((collection) => collection.slug),
    ...payload.config.globals.filter((global) => global.versions).map((global) => `globals/${global.slug}`),
  ])
  const verifying = new Set<string>(payload.config.collections.filter((collection) => collection.auth && collection.auth.verify).map((collection) => collection.slug))
  const scheduled = [...(payload.config.jobs?.tasks ?? []), ...(payload.config.jobs?.workflows ?? [])] as { schedule?: unknown[] }[]
  const hasSchedules = scheduled.some((job) => (job.schedule?.length ?? 0) > 0)

  return (req, res, next) => {
    if (!API_METHODS.has(req.method)) {
      sendError(res, 405, `Method ${req.method} is not allowed`, { code: ErrorCode.MethodNotAllowed, headers: { Allow: [...API_METHODS].join(', ') } })
      return
    }
    const path = req.path.startsWith(apiRoute) ? req.path.slice(apiRoute.length) : req.path
    const versions = /^\/((?:globals\/)?[^/]+)\/versions(?:\/|$)/.exec(path)
    if (versions && !versioned.has(versions[1])) {
      sendError(res, 404, `${versions[1].replace('globals/', '')} keeps no versions`, { code: ErrorCode.NotFound })
      return
    }
    const verify = /^\/([^/]+)\/verify\//.exec(path)
    if (verify && !verifying.has(verify[1])) {
      sendError(res, 404, `${verify[1]} accounts are not verified by email`, { code: ErrorCode.NotFound })
      return
    }
    if (!hasSchedules && /^\/payload-jobs\/handle-schedules\/?$/.test(path)) {
      sendError(res, 404, 'No job is scheduled', { code: ErrorCode.NotFound })
      return
    }
    next()
  }
}
