type LexicalNode = { type?: string; text?: string; children?: LexicalNode[] }

const BLOCK_TYPES = new Set(['paragraph', 'heading', 'quote', 'listitem', 'list', 'code', 'table', 'tablerow', 'tablecell'])

/** The text of Lexical rich text, blocks separated by a space; '' for anything that is not Lexical. */
export function plainTextFromLexical(value: unknown): string {
  const root = (value as { root?: LexicalNode } | null | undefined)?.root
  if (!root) return ''
  const parts: string[] = []
  const walk = (node: LexicalNode) => {
    if (typeof node.text === 'string') parts.push(node.text)
    if (node.type === 'linebreak') parts.push(' ')
    for (const child of node.children ?? []) walk(child)
    if (node.type && BLOCK_TYPES.has(node.type)) parts.push(' ')
  }
  walk(root)
  return parts.join('').replace(/\s+/g, ' ').trim()
}
