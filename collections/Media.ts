import type { CollectionConfig } from 'payload'

import { anyone } from '@/access/anyone'
import { isEditorOrAdmin } from '@/access/isEditorOrAdmin'
import { isStaff } from '@/access/isStaff'
import { serveUploadedFile } from '@/hooks/serveUploadedFile'
import { checkUploadedImage } from '@/hooks/checkUploadedImage'
import { MEDIA } from './slugs'

/** Raster images and PDF only: SVG can carry script and is refused on purpose. */
const ACCEPTED_MEDIA_TYPES = [
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'image/avif',
  'application/pdf',
]

const webp = { format: 'webp' as const, options: { quality: 80 } }

/** Uploads, stored in `mediaDir` (MEDIA_DIR). */
export const Media = ({ mediaDir }: { mediaDir: string }): CollectionConfig => ({
  slug: MEDIA,
  admin: {
    useAsTitle: 'alt',
    defaultColumns: ['filename', 'alt', 'mimeType', 'filesize'],
  },
  hooks: {
    beforeOperation: [checkUploadedImage],
  },
  access: {
    create: isStaff,
    read: anyone,
    update: isEditorOrAdmin,
    delete: isEditorOrAdmin,
  },
  upload: {
    staticDir: mediaDir,
    handlers: [serveUploadedFile(mediaDir)],
    mimeTypes: ACCEPTED_MEDIA_TYPES,
    focalPoint: true,
    adminThumbnail: 'thumbnail',
    imageSizes: [
      { name: 'thumbnail', width: 320, height: 320, formatOptions: webp },
      { name: 'card', width: 768, height: 512, formatOptions: webp },
      { name: 'hero', width: 1920, height: 960, withoutEnlargement: true, formatOptions: webp },
    ],
  },
  fields: [
    {
      name: 'alt',
      type: 'text',
      required: true,
      maxLength: 300,
      admin: { description: 'Describes the image for people who cannot see it.' },
    },
    {
      name: 'caption',
      type: 'text',
      maxLength: 500,
    },
  ],
})
