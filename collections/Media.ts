import type { CollectionConfig, SelectIncludeType } from 'payload'

import { anyone } from '@/access/anyone'
import { isEditorOrAdmin } from '@/access/isEditorOrAdmin'
import { isEditorOrUploader } from '@/access/isEditorOrUploader'
import { userStampField } from '@/fields/userStampField'
import { refuseUnreachableSelection } from '@/hooks/refuseUnreachableSelection'
import { isStaff } from '@/access/isStaff'
import { serveUploadedFile } from '@/hooks/serveUploadedFile'
import { checkUploadedImage } from '@/hooks/checkUploadedImage'
import type { S3Settings } from '@/images/imageSources'
import { localImageSource, s3ImageSource } from '@/images/imageSources'
import { createMediaImages, type ImageSettings, type MediaCustom } from '@/images/mediaImages'
import { MEDIA, USERS } from './slugs'

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

const IMAGE_SIZES = [
  { name: 'thumbnail', width: 320, height: 320, formatOptions: webp },
  { name: 'card', width: 768, height: 512, formatOptions: webp },
  { name: 'hero', width: 1920, height: 960, withoutEnlargement: true, formatOptions: webp },
]

/**
 * What an image placed in another document carries: what a frontend renders, nothing of the
 * admin's (Payload computes `url` from `filename`, so both are read).
 */
const RENDERED_SIZE = { url: true, filename: true, mimeType: true, width: true, height: true } as const
const POPULATED_MEDIA: SelectIncludeType = {
  alt: true,
  caption: true,
  url: true,
  filename: true,
  mimeType: true,
  width: true,
  height: true,
  focalX: true,
  focalY: true,
  sizes: Object.fromEntries(IMAGE_SIZES.map(({ name }) => [name, RENDERED_SIZE])),
  contentHash: true,
  placeholder: true,
  dominantColor: true,
  srcset: true,
  presets: true,
}

type MediaOptions = {
  mediaDir: string
  images: ImageSettings
  /** Set when uploads live in an S3-compatible bucket (S3_BUCKET): Payload's S3 adapter stores and serves them. */
  s3?: S3Settings
}

/**
 * Uploads, stored in `mediaDir` (MEDIA_DIR) or, with `s3`, in a bucket through Payload's S3
 * adapter (payload.config.ts), and their images transformed on request (src/images).
 */
export const Media = ({ mediaDir, images, s3 }: MediaOptions): CollectionConfig => {
  const transforms = createMediaImages({ collection: MEDIA, source: s3 ? s3ImageSource(s3) : localImageSource(mediaDir), settings: images })
  return {
    slug: MEDIA,
    // The server answers images already rendered before Express (src/server/createApp.ts), and
    // older uploads get their content hash and placeholder at start (payload.config.ts).
    custom: { serveVariantsFirst: transforms.serveVariantsFirst, backfillImageFields: transforms.backfillImageFields } satisfies MediaCustom,
    defaultPopulate: POPULATED_MEDIA,
    endpoints: [transforms.imageEndpoint],
    enableQueryPresets: true,
    folders: true,
    admin: {
      useAsTitle: 'alt',
      defaultColumns: ['filename', 'alt', 'uploadedBy', 'updatedAt'],
      components: { edit: { Upload: '/admin/components/MediaUpload' } },
    },
    hooks: {
      beforeOperation: [checkUploadedImage, refuseUnreachableSelection],
      beforeChange: [transforms.describeUpload],
      afterChange: [transforms.purgeReplaced],
      afterDelete: [transforms.purgeDeleted],
    },
    access: {
      create: isStaff,
      read: anyone,
      update: isEditorOrUploader,
      delete: isEditorOrAdmin,
    },
    upload: {
      staticDir: mediaDir,
      // With S3, the adapter's handler serves files (it answers ETag, 304 and ranges too).
      handlers: s3 ? [] : [serveUploadedFile(mediaDir)],
      mimeTypes: ACCEPTED_MEDIA_TYPES,
      focalPoint: true,
      adminThumbnail: 'thumbnail',
      imageSizes: IMAGE_SIZES,
    },
    fields: [
      {
        name: 'alt',
        type: 'text',
        required: true,
        maxLength: 300,
        localized: true,
        admin: { description: 'Describes the image for people who cannot see it.' },
      },
      {
        name: 'caption',
        type: 'text',
        maxLength: 500,
        localized: true,
      },
      userStampField({
        name: 'uploadedBy',
        relationTo: USERS,
        label: 'Uploaded by',
        description: 'Authors may edit the files they uploaded; editors and admins every file.',
        stamp: 'create',
      }),
      ...transforms.fields,
    ],
  }
}
