import dns from 'node:dns'
import type { LookupFunction } from 'node:net'

import type { AddressPolicy } from './createAddressPolicy'

export class RefusedAddressError extends Error {
  readonly code = 'EREFUSEDADDRESS'
}

/**
 * A `lookup` for http.request that checks every address a name resolves to while connecting,
 * so a name that passed the check when the endpoint was saved cannot be re-pointed at an
 * internal address later (DNS rebinding).
 */
export function guardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { all: true, family: options.family ?? 0, hints: options.hints }, (error, addresses) => {
      if (error) return callback(error, '', 0)
      const refusal = addresses.map(({ address }) => policy.refusal(hostname, address)).find(Boolean)
      if (refusal) return callback(new RefusedAddressError(refusal), '', 0)
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses)
      callback(null, addresses[0].address, addresses[0].family)
    })
  }
}
