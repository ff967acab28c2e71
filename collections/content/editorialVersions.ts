import type { CollectionConfig } from 'payload'

/**
 * Versions of what editors write (posts and pages): drafts saved as they type (0.8 s after they
 * pause, which also refreshes the live preview), publishing and unpublishing on a schedule, and
 * the last 50 versions kept to compare and restore.
 */
export const editorialVersions: CollectionConfig['versions'] = {
  drafts: {
    autosave: { interval: 800 },
    schedulePublish: true,
  },
  maxPerDoc: 50,
}
