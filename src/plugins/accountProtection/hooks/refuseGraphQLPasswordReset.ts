import type { CollectionBeforeOperationHook } from 'payload'

import { ClientError } from '@/errors/ClientError'

/**
 * GraphQL's `forgotPassword…` mutation would run Payload's reset inline, in a time that tells
 * whether the account exists; resets go through REST, which queues them (requestPasswordReset).
 */
export const refuseGraphQLPasswordReset =
  (restPath: string): CollectionBeforeOperationHook =>
  ({ args, operation, req }) => {
    if (operation === 'forgotPassword' && req.payloadAPI === 'GraphQL') {
      throw new ClientError(`Ask for a password reset with POST ${restPath} { "email": "…" }`, 400)
    }
    return args
  }
