/** A path on this site from a query value: relative with one leading slash; anything else is the home page. */
export function sitePath(value: string | null | undefined): string {
  const path = value ?? ''
  return /^\/(?![/\\])/.test(path) && !/[\r\n]/.test(path) ? path : '/'
}
