/**
 * Puts `database` into a MongoDB connection string in place of any database it names, keeping
 * hosts (one or several) and options: `mongodb://h1,h2/old?x=1` → `mongodb://h1,h2/new?x=1`.
 */
export function withDatabaseName(uri: string, database: string): string {
  const match = uri.match(/^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/)
  if (!match) throw new Error(`not a MongoDB connection string: ${uri.replace(/\/\/[^@]*@/, '//…@')}`)
  return `${match[1]}/${database}${match[2] ?? ''}`
}
