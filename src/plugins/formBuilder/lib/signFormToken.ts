import { createHmac } from 'node:crypto'

/** The signature of a form token's claims, keyed with Payload's secret and separated from its other uses. */
export function signFormToken(secret: string, claims: string): string {
  return createHmac('sha256', secret).update(`folio-form-token.${claims}`).digest('base64url')
}
