import type { Block } from 'payload'

import { richTextHtmlField } from '@/fields/richTextHtml'
import type { DocumentDescriptions } from '@/lib/DocumentDescription'

/** Rich text in a page's layout; `contentHtml` renders it as HTML when asked for (`?html=true`). */
export const RichTextBlock = (describe: DocumentDescriptions): Block => ({
  slug: 'richText',
  interfaceName: 'RichTextBlock',
  fields: [{ name: 'content', type: 'richText', required: true, localized: true }, richTextHtmlField({ name: 'contentHtml', from: 'content', describe })],
})
