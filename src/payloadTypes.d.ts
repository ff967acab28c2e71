// Payload's generated types (payload-types.ts, made without their `declare module` so that a
// frontend can compile them alone) given to Payload's own API, for Folio's code.
import type { Config } from '../payload-types'

declare module 'payload' {
  export interface GeneratedTypes extends Config {}
}
