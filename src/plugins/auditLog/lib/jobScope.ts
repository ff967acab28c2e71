import { AsyncLocalStorage } from 'node:async_hooks'

import type { Payload, TaskConfig } from 'payload'

const scope = new AsyncLocalStorage<{ task: string }>()
const wrapped = new WeakSet<object>()

/** The task whose handler is running in this async context, if any. */
export function currentJobTask(): string | undefined {
  return scope.getStore()?.task
}

type Handler = (args: unknown) => unknown

/**
 * Runs every task handler (Folio's and Payload's own, such as scheduled publishing, which Payload
 * adds while sanitizing the config) inside a scope, so changes a job makes are recorded as such:
 * scheduled publishing calls the Local API without passing the job's request on.
 */
export function markJobsInScope(payload: Payload): void {
  for (const task of (payload.config.jobs?.tasks ?? []) as TaskConfig[]) {
    const original = task.handler as unknown
    if (typeof original !== 'function' || wrapped.has(task)) continue
    const handler: Handler = (args) => scope.run({ task: task.slug }, () => (original as Handler)(args))
    ;(task as { handler: unknown }).handler = handler
    wrapped.add(task)
  }
}
