import type { Media } from '@payload-types'
import { onThisSite } from '../siteURL'

type Props = {
  media: Media
  /** The image's width in the layout, for the browser to pick from the srcset. */
  sizes: string
  /** Above the fold: loaded at once and first; everything else loads lazily. */
  priority?: boolean
  className?: string
}

/**
 * A responsive image from Folio's media: AVIF, WebP and the original format at the widths of
 * Folio's ladder (`srcset`), with width and height set so nothing shifts while it loads, the
 * dominant colour behind it meanwhile, and any crop (CSS `object-fit: cover`) kept around the
 * editor's focal point.
 */
export function Picture({ media, sizes, priority = false, className }: Props) {
  if (!media.url) return null
  const style = {
    objectPosition: `${media.focalX ?? 50}% ${media.focalY ?? 50}%`,
    backgroundColor: media.dominantColor ?? undefined,
  }
  return (
    <picture>
      {media.srcset?.avif ? <source type="image/avif" srcSet={onThisSite(media.srcset.avif)} sizes={sizes} /> : null}
      {media.srcset?.webp ? <source type="image/webp" srcSet={onThisSite(media.srcset.webp)} sizes={sizes} /> : null}
      <img
        src={onThisSite(media.url)}
        srcSet={media.srcset?.original ? onThisSite(media.srcset.original) : undefined}
        sizes={sizes}
        width={media.width ?? undefined}
        height={media.height ?? undefined}
        alt={media.alt}
        loading={priority ? 'eager' : 'lazy'}
        fetchPriority={priority ? 'high' : undefined}
        decoding={priority ? 'sync' : 'async'}
        className={className}
        style={style}
      />
    </picture>
  )
}
