import type { PayloadRequest } from 'payload'

/** A parameter of an endpoint's path (`:id` in `/:id/schedule`) as written in the URL; '' when absent. */
export function routeParam(req: PayloadRequest, name: string): string {
  const value = req.routeParams?.[name]
  return typeof value === 'string' ? value : ''
}
