import { randomBytes } from 'node:crypto'

import { signFormToken } from './signFormToken'

/**
 * A token for one visit to a form: `<form id>.<issued at, ms>.<nonce>.<signature>`. The server
 * stamps the time, so a submission's fill time never depends on the visitor's clock.
 */
export function createFormToken(secret: string, formId: string, issuedAt: number): string {
  const claims = `${formId}.${issuedAt}.${randomBytes(12).toString('base64url')}`
  return `${claims}.${signFormToken(secret, claims)}`
}
