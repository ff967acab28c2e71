/**
 * The visitor's address, as Express determined it (honouring TRUST_PROXY). Folio's HTTP entry
 * point sets this header on every API request and replaces any value the client sent.
 */
export const CLIENT_ADDRESS_HEADER = 'x-folio-client-address'

/** The requesting visitor's address; undefined for the Local API (scripts, jobs). */
export function clientAddress(req: { headers?: Headers }): string | undefined {
  return req.headers?.get(CLIENT_ADDRESS_HEADER) || undefined
}
