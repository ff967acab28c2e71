import { boundedMap } from '@/lib/boundedMap'
import type { DeliveryRecord } from './deliveryRecords'

/**
 * Deliveries this process just stored, as stored, until their first attempt here reads them
 * (once): that attempt starts right after the write, before anybody else could have changed them.
 * An attempt whose claim fails on such a copy reads the delivery again.
 */
const fresh = boundedMap<string, DeliveryRecord>(1000)

export function rememberNewDelivery(delivery: DeliveryRecord): void {
  fresh.set(delivery.id, delivery)
}

export function takeNewDelivery(id: string): DeliveryRecord | undefined {
  return fresh.take(id)
}
