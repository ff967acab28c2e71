import sharp, { type Metadata } from 'sharp'
import type { CollectionBeforeOperationHook, ImageSize } from 'payload'

import { ClientError } from '../errors/ClientError'
import { ErrorCode } from '../errors/errorCodes'
import { MAX_INPUT_PIXELS } from '../images/imageParameters'

/** No side of a resized version may exceed this: beyond it sharp's buffers grow without bound. */
const MAX_RESIZED_SIDE = 16_384

/**
 * Before an upload is stored: an image sharp can read must have at most MAX_INPUT_PIXELS, and
 * proportions the collection's sizes can be cut from (what sharp cannot read, Payload's file-type
 * check refuses). A 100000×1 PNG of
 * a hundred bytes asks a 320×320 crop to scale it 320 times, to a 32-megapixel-wide strip: the
 * process ran out of memory on it. Only the header is read here.
 */
export const checkUploadedImage: CollectionBeforeOperationHook = async ({ args, collection, operation, req }) => {
  const file = req.file
  if ((operation !== 'create' && operation !== 'update') || !file?.data || !file.mimetype?.startsWith('image/')) return args
  let metadata: Metadata
  try {
    metadata = await sharp(file.data, { limitInputPixels: false }).metadata()
  } catch {
    // Not an image sharp reads: Payload's own file-type check refuses it, in its words.
    return args
  }
  const { width, height, pages = 1 } = metadata
  if (!width || !height) return args
  // Every frame of an animation is decoded.
  if (width * height * pages > MAX_INPUT_PIXELS) {
    const frames = pages > 1 ? ` in ${pages} frames` : ''
    throw new ClientError(`"${file.name}" is ${width}×${height} pixels${frames}; images may have at most ${MAX_INPUT_PIXELS / 1_000_000} megapixels`, 413, { code: ErrorCode.PayloadTooLarge })
  }
  const sizes: ImageSize[] = (typeof collection.upload === 'object' && collection.upload.imageSizes) || []
  for (const size of sizes) {
    if (!size.width || !size.height || size.withoutEnlargement) continue
    const scale = Math.max(size.width / width, size.height / height)
    if (width * scale > MAX_RESIZED_SIDE || height * scale > MAX_RESIZED_SIDE) {
      throw new ClientError(`"${file.name}" (${width}×${height}) is too narrow or too flat to cut the ${size.name} size (${size.width}×${size.height}) from`, 400, {
        code: ErrorCode.ValidationFailed,
      })
    }
  }
  return args
}
