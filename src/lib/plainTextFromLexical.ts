type LexicalNode = { type?: unknown; text?: unknown; children?: unknown }

const BLOCK_TYPES = new Set(['paragraph', 'heading', 'quote', 'listitem', 'list', 'code', 'table', 'tablerow', 'tablecell'])

const isNode = (value: unknown): value is LexicalNode => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The text of Lexical rich text, blocks separated by a space; '' for anything that is not Lexical.
 * Tolerant of malformed trees (stored before Folio checked them): what is not a node is skipped.
 */
export function plainTextFromLexical(value: unknown): string {
  const root = isNode(value) ? (value as { root?: unknown }).root : undefined
  if (!isNode(root)) return ''
  const parts: string[] = []
  const walk = (node: LexicalNode) => {
    if (typeof node.text === 'string') parts.push(node.text)
    if (node.type === 'linebreak') parts.push(' ')
    if (Array.isArray(node.children)) for (const child of node.children) if (isNode(child)) walk(child)
    if (typeof node.type === 'string' && BLOCK_TYPES.has(node.type)) parts.push(' ')
  }
  walk(root)
  return parts.join('').replace(/\s+/g, ' ').trim()
}
