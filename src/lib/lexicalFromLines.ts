type TextNode = { type: 'text'; text: string; format: number; detail: 0; mode: 'normal'; style: ''; version: 1 }

type BlockNode = {
  type: 'paragraph' | 'heading'
  tag?: 'h2' | 'h3'
  children: TextNode[]
  direction: 'ltr'
  format: ''
  indent: 0
  version: 1
  textFormat: 0
  textStyle: ''
}

export type LexicalDocument = {
  root: { type: 'root'; children: BlockNode[]; direction: 'ltr'; format: ''; indent: 0; version: 1 }
}

const text = (value: string): TextNode => ({
  type: 'text',
  text: value,
  format: 0,
  detail: 0,
  mode: 'normal',
  style: '',
  version: 1,
})

/**
 * Builds Lexical rich text from plain lines: a line starting with `## ` becomes a heading,
 * every other line a paragraph.
 */
export function lexicalFromLines(lines: string[]): LexicalDocument {
  const children = lines.map((line): BlockNode => {
    const isHeading = line.startsWith('## ')
    return {
      type: isHeading ? 'heading' : 'paragraph',
      ...(isHeading ? { tag: 'h2' as const } : {}),
      children: [text(isHeading ? line.slice(3) : line)],
      direction: 'ltr',
      format: '',
      indent: 0,
      version: 1,
      textFormat: 0,
      textStyle: '',
    }
  })
  return { root: { type: 'root', children, direction: 'ltr', format: '', indent: 0, version: 1 } }
}
