import { decodeHtmlEntities } from './decodeHtmlEntities'

/**
 * A plain-text rendering of simple HTML (what rich text and email templates produce): block
 * ends become line breaks, list items get a dash, table cells are joined with ": ", links keep
 * their address in brackets, and every other tag is dropped.
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<a\b[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_, href: string, label: string) =>
      label.replace(/<[^>]+>/g, '').trim() === href ? href : `${label} (${href})`,
    )
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<\/td>\s*<td\b[^>]*>/gi, ': ')
    .replace(/<\/(p|div|h[1-6]|ul|ol|tr|table|blockquote)>/gi, '\n')
    .replace(/<(p|h[1-6]|ul|ol|table|blockquote)\b[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
  return decodeHtmlEntities(text)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n[ \t]+/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
