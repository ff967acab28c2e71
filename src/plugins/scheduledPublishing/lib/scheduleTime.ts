import { getCurrentDate } from 'payload'

const MAX_AHEAD_MS = 5 * 366 * 24 * 60 * 60 * 1000

/**
 * What is wrong with a time to publish or unpublish at, or undefined: it must be in the future
 * (by Payload's clock, which tests move) and within five years. The one rule for the REST endpoint
 * (and so the admin's Schedule drawer) and for Payload's schedule server function.
 */
export function scheduleTimeProblem(at: Date): string | undefined {
  if (Number.isNaN(at.getTime())) return 'must be a date and time'
  const now = getCurrentDate().getTime()
  if (at.getTime() <= now) return 'must be in the future'
  if (at.getTime() > now + MAX_AHEAD_MS) return 'must be within five years'
  return undefined
}

/** Payload's server function behind the admin's Schedule drawer. */
export const SCHEDULE_SERVER_FUNCTION = 'schedule-publish'

/**
 * Payload's own schedule drawer (not offered in Folio's admin, whose drawer uses the REST endpoint)
 * queues its job through a server function that checks no time, and any signed-in client can call
 * it: Folio answers a call with a past or too distant time itself, with the reason, and queues nothing.
 */
export function refusedSchedule(call: { name: string; args?: unknown }): { error: string } | undefined {
  if (call.name !== SCHEDULE_SERVER_FUNCTION) return undefined
  const { date, deleteID, type } = (call.args ?? {}) as { date?: unknown; deleteID?: unknown; type?: unknown }
  if (date === undefined && deleteID !== undefined) return undefined
  const problem = scheduleTimeProblem(new Date(date as string | number | Date))
  return problem ? { error: `The time to ${type === 'unpublish' ? 'unpublish' : 'publish'} ${problem}` } : undefined
}
