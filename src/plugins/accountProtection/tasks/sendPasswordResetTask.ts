import { createLocalReq, type CollectionSlug, type TaskConfig } from 'payload'

import { CLIENT_ADDRESS_HEADER } from '@/lib/clientAddress'

export const SEND_PASSWORD_RESET_TASK = 'sendPasswordReset'

export type SendPasswordResetInput = { collection: string; email: string; requestedFrom?: string }

/**
 * Payload's own password reset (a token on the account and its email), run from the queue: for an
 * email no account has it does nothing. A mail server that is down fails the attempt; the retry
 * issues a fresh token.
 */
export const sendPasswordResetTask: TaskConfig<{ input: SendPasswordResetInput; output: object }> = {
  slug: SEND_PASSWORD_RESET_TASK,
  label: 'Send password reset',
  inputSchema: [
    { name: 'collection', type: 'text', required: true },
    { name: 'email', type: 'email', required: true },
    { name: 'requestedFrom', type: 'text' },
  ],
  retries: { attempts: 8, backoff: { type: 'exponential', delay: 30_000 } },
  handler: async ({ input, req }) => {
    // Hooks of the reset (the audit log) see the address that asked for it, as for any request.
    const headers = new Headers(input.requestedFrom ? { [CLIENT_ADDRESS_HEADER]: input.requestedFrom } : {})
    const resetReq = await createLocalReq({ req: { headers, context: req.context } }, req.payload)
    await req.payload.forgotPassword({ collection: input.collection as CollectionSlug, data: { email: input.email }, req: resetReq })
    return { output: {} }
  },
}
