import { plainTextFromLexical } from '../../../lib/plainTextFromLexical'

type LayoutBlock = { blockType?: string; [field: string]: unknown }

const text = (value: unknown): string => (typeof value === 'string' ? value : '')

/**
 * The words a visitor reads on a page built from blocks, in order: hero heading and subheading,
 * rich text, media captions, call-to-action heading and text. Link labels, URLs and ids are left out.
 */
export function plainTextFromLayout(layout: unknown): string {
  if (!Array.isArray(layout)) return ''
  const parts = (layout as LayoutBlock[]).map((block) => {
    switch (block?.blockType) {
      case 'hero':
        return [text(block.heading), text(block.subheading)]
      case 'richText':
        return [plainTextFromLexical(block.content)]
      case 'media':
        return [text(block.caption)]
      case 'callToAction':
        return [text(block.heading), text(block.text)]
      default:
        return []
    }
  })
  return parts
    .flat()
    .filter(Boolean)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim()
}
