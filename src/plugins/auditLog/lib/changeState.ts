import type { PayloadRequest } from 'payload'

/** What the audit hooks after a change need to know from before it. */
export type ChangeState = {
  /** The operation is an autosave of a draft. */
  isAutosave?: boolean
  /** The stored (public) document was published before the change. */
  wasPublished?: boolean
}

const key = (entity: string, id: string | number | undefined) => `auditLog:${entity}:${id ?? ''}`

export function rememberChangeState(req: PayloadRequest, entity: string, id: string | number | undefined, state: ChangeState): void {
  const current = req.context[key(entity, id)] as ChangeState | undefined
  req.context[key(entity, id)] = { ...current, ...state }
}

/** Returns the state remembered for this change, and forgets it. */
export function takeChangeState(req: PayloadRequest, entity: string, id: string | number | undefined): ChangeState {
  const state = req.context[key(entity, id)] as ChangeState | undefined
  delete req.context[key(entity, id)]
  return state ?? {}
}
