import type { DeliveryRecord } from './deliveryRecords'

const MAX_DELIVERIES = 1000

/**
 * Deliveries this process just stored, as stored, until their first attempt here reads them
 * (once): that attempt starts right after the write, before anybody else could have changed them.
 * An attempt whose claim fails on such a copy reads the delivery again.
 */
const fresh = new Map<string, DeliveryRecord>()

export function rememberNewDelivery(delivery: DeliveryRecord): void {
  fresh.set(delivery.id, delivery)
  if (fresh.size > MAX_DELIVERIES) fresh.delete(fresh.keys().next().value as string)
}

export function takeNewDelivery(id: string): DeliveryRecord | undefined {
  const delivery = fresh.get(id)
  fresh.delete(id)
  return delivery
}
