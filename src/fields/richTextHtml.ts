import { getPayloadPopulateFn } from '@payloadcms/richtext-lexical'
import { convertLexicalToHTMLAsync, defaultHTMLConvertersAsync, LinkHTMLConverterAsync } from '@payloadcms/richtext-lexical/html-async'
import type { SerializedEditorState } from '@payloadcms/richtext-lexical/lexical'
import type { Field, PayloadRequest } from 'payload'

import type { DocumentDescriptions } from '@/lib/DocumentDescription'

/** The query parameter that asks REST answers for rich text as HTML: `?html=true`. */
export const HTML_QUERY_PARAM = 'html'

/**
 * Whether the request asks for HTML: `?html=true` on a REST route or on /api/graphql (Payload's
 * GraphQL runs every field's hooks whatever the query selects, so selecting the field is not enough).
 */
const wantsHtml = (req: PayloadRequest) => req.searchParams?.get(HTML_QUERY_PARAM) === 'true'

type Options = {
  /** The field's name, beside the rich-text field. */
  name: string
  /** The sibling rich-text field it renders. */
  from: string
  /** Where each collection's documents live on the website, for internal links. */
  describe: DocumentDescriptions
}

/**
 * A read-only, unstored field holding a sibling rich-text field as HTML, rendered by Payload's own
 * Lexical converter (text escaped, link URLs sanitised) with internal links pointing at the linked
 * document's path on the website, as far as the reader may read it (`#` otherwise). Computed only
 * when asked for, so answers that do not want it stay lean.
 */
export function richTextHtmlField({ name, from, describe }: Options): Field {
  const converters = {
    ...defaultHTMLConvertersAsync,
    ...LinkHTMLConverterAsync({
      // The linked document as the reader may see it: a draft or a document they may not read is no link.
      internalDocToHref: async ({ linkNode, populate }) => {
        const target = linkNode.fields.doc
        if (!target) return '#'
        const doc = typeof target.value === 'object' ? target.value : populate ? await populate({ id: target.value, collectionSlug: target.relationTo, select: { slug: true, path: true } }) : undefined
        return (doc && describe[target.relationTo]?.path(doc)) ?? '#'
      },
    }),
  }
  return {
    name,
    type: 'text',
    virtual: true,
    admin: { hidden: true, readOnly: true },
    hooks: {
      beforeChange: [() => undefined],
      afterRead: [
        async ({ siblingData, req, currentDepth }) => {
          if (!wantsHtml(req)) return undefined
          const data = (siblingData as Record<string, unknown>)[from] as SerializedEditorState | null | undefined
          if (!data) return ''
          const populate = await getPayloadPopulateFn({ currentDepth: currentDepth ?? 0, depth: 1, draft: false, overrideAccess: false, req, showHiddenFields: false })
          return convertLexicalToHTMLAsync({ data, converters, populate, disableContainer: true })
        },
      ],
    },
  }
}
