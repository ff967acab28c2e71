import { ClientError } from './ClientError'

/**
 * A bulk change (delete, publish, unpublish, edit many) refused as a whole because the selection
 * holds documents the user may not change. Its answer also carries Payload's bulk shape
 * (`docs: []`), which the admin's bulk actions read before they read the message.
 */
export class SelectionRefused extends ClientError {
  readonly isSelectionRefused = true

  constructor(message: string) {
    super(message, 403)
  }
}

export function isSelectionRefused(error: unknown): error is SelectionRefused {
  return (error as { isSelectionRefused?: unknown } | null)?.isSelectionRefused === true
}
