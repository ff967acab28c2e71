import sharp, { type Sharp } from 'sharp'

import type { ImageTransform, OutputFormat } from './imageParameters'

export type RenderLimits = { maxInputPixels: number; timeoutSeconds: number }
/** The stored focal point, in percent of the width and height (Payload's focalX, focalY). */
export type FocalPoint = { x: number; y: number }

export type RenderedImage = { data: Buffer; width: number; height: number; format: OutputFormat }

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value))

/**
 * Where a `cover` crop of `target` falls in the source scaled to cover it: centred on the focal
 * point, moved as little as needed to stay inside the image. Never enlarges: a target larger than
 * the source shrinks, keeping its proportions.
 */
export function coverCrop(source: { width: number; height: number }, target: { width: number; height: number }, focal: FocalPoint) {
  let { width, height } = target
  const enlargement = Math.max(width / source.width, height / source.height)
  if (enlargement > 1) {
    width = Math.max(1, Math.round(width / enlargement))
    height = Math.max(1, Math.round(height / enlargement))
  }
  const scale = Math.max(width / source.width, height / source.height)
  const scaledWidth = Math.max(width, Math.round(source.width * scale))
  const scaledHeight = Math.max(height, Math.round(source.height * scale))
  const left = clamp(Math.round((focal.x / 100) * scaledWidth - width / 2), 0, scaledWidth - width)
  const top = clamp(Math.round((focal.y / 100) * scaledHeight - height / 2), 0, scaledHeight - height)
  return { scaledWidth, scaledHeight, left, top, width, height }
}

function encode(pipeline: Sharp, format: OutputFormat, quality: number): Sharp {
  switch (format) {
    case 'avif':
      // Effort 2 of 9: AVIF's slowest settings cost seconds per image for a few percent of bytes.
      return pipeline.avif({ quality: Math.max(1, quality - 20), effort: 2 })
    case 'webp':
      return pipeline.webp({ quality })
    case 'jpeg':
      return pipeline.flatten({ background: '#ffffff' }).jpeg({ quality, mozjpeg: true })
    case 'png':
      return pipeline.png({ compressionLevel: 8 })
  }
}

/**
 * Renders one variant of an image: oriented by its EXIF data, resized as the transform says
 * (`cover` cut around the focal point), never larger than the source, and encoded. Refuses inputs
 * over `maxInputPixels` before decoding them and gives up after `timeoutSeconds`.
 */
export async function renderImage(input: Buffer | string, transform: ImageTransform, format: OutputFormat, focal: FocalPoint, limits: RenderLimits): Promise<RenderedImage> {
  const source = sharp(input, { limitInputPixels: limits.maxInputPixels, failOn: 'error' })
  const metadata = await source.metadata()
  if (!metadata.width || !metadata.height) throw new Error('the image has no dimensions')
  const rotated = (metadata.orientation ?? 1) >= 5
  const size = rotated ? { width: metadata.height, height: metadata.width } : { width: metadata.width, height: metadata.height }

  let pipeline = source.clone().rotate().timeout({ seconds: limits.timeoutSeconds })
  const { width, height, fit } = transform
  if (width !== undefined && height !== undefined && fit === 'cover') {
    const crop = coverCrop(size, { width, height }, focal)
    pipeline = pipeline.resize(crop.scaledWidth, crop.scaledHeight, { fit: 'fill' }).extract({ left: crop.left, top: crop.top, width: crop.width, height: crop.height })
  } else if (width !== undefined || height !== undefined) {
    const background = format === 'jpeg' ? '#ffffff' : { r: 0, g: 0, b: 0, alpha: 0 }
    pipeline = pipeline.resize(width, height, { fit: fit === 'contain' ? 'contain' : 'inside', withoutEnlargement: true, background })
  }
  const { data, info } = await encode(pipeline, format, transform.quality).toBuffer({ resolveWithObject: true })
  return { data, width: info.width, height: info.height, format }
}
