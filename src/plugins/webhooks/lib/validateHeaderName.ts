const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/** Headers Folio sets itself on every delivery. */
const RESERVED = new Set(['content-type', 'content-length', 'host', 'user-agent', 'connection', 'transfer-encoding', 'webhook-id', 'webhook-timestamp', 'webhook-signature'])

/** Payload field validation for a custom header name: a valid token Folio does not set itself. */
export function validateHeaderName(value: unknown): string | true {
  if (typeof value !== 'string' || !TOKEN.test(value)) return 'A header name is letters, digits and - _ . only'
  if (RESERVED.has(value.toLowerCase())) return `"${value}" is set by Folio on every delivery`
  return true
}
