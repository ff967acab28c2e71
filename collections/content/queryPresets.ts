import type { Config } from 'payload'

import { isStaff } from '@/access/isStaff'

/**
 * Saved list filters (Payload's query presets: a list's filters, columns and sort under a name),
 * kept for the signed-in team; each preset says who else may read or change it.
 */
export const queryPresets: NonNullable<Config['queryPresets']> = {
  access: { create: isStaff, read: isStaff, update: isStaff, delete: isStaff },
  // Payload's own choices (only me, everyone, specific users) are enough.
  constraints: {},
}
