import { getCurrentDate } from 'payload'

const MAX_AHEAD_MS = 5 * 366 * 24 * 60 * 60 * 1000

/**
 * What is wrong with a time to publish or unpublish at, or undefined: it must be in the future
 * (by Payload's clock, which tests move) and within five years. The one rule for the REST endpoint
 * and for the admin's Schedule drawer (checked where the drawer's job is queued).
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
 * The admin's Schedule drawer queues its job through a server function of Payload's that checks no
 * time: Folio answers a call with a past or too distant time itself, with the reason, and queues
 * nothing (Payload's drawer then shows no error of its own: see the closing note of the editors' issue).
 */
export function refusedSchedule(call: { name: string; args?: unknown }): { error: string } | undefined {
  if (call.name !== SCHEDULE_SERVER_FUNCTION) return undefined
  const { date, deleteID, type } = (call.args ?? {}) as { date?: unknown; deleteID?: unknown; type?: unknown }
  if (date === undefined && deleteID !== undefined) return undefined
  const problem = scheduleTimeProblem(new Date(date as string | number | Date))
  return problem ? { error: `The time to ${type === 'unpublish' ? 'unpublish' : 'publish'} ${problem}` } : undefined
}
