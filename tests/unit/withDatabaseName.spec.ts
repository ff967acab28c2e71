import { describe, expect, it } from 'vitest'

import { withDatabaseName } from '@/lib/withDatabaseName'

describe('withDatabaseName', () => {
  it('adds a database to a connection string without one', () => {
    expect(withDatabaseName('mongodb://127.0.0.1:27017', 'folio')).toBe('mongodb://127.0.0.1:27017/folio')
  })

  it('replaces the database and keeps the options', () => {
    expect(withDatabaseName('mongodb://user:pw@h:27017/old?authSource=admin', 'folio')).toBe(
      'mongodb://user:pw@h:27017/folio?authSource=admin',
    )
  })

  it('keeps every host of a replica set and SRV connection strings', () => {
    expect(withDatabaseName('mongodb://h1:27017,h2:27017/?replicaSet=rs0', 'folio')).toBe(
      'mongodb://h1:27017,h2:27017/folio?replicaSet=rs0',
    )
    expect(withDatabaseName('mongodb+srv://cluster.example.net/app', 'folio')).toBe('mongodb+srv://cluster.example.net/folio')
  })

  it('refuses something that is not a MongoDB connection string, hiding credentials', () => {
    expect(() => withDatabaseName('postgres://user:secret@h/db', 'folio')).toThrow('not a MongoDB connection string')
    expect(() => withDatabaseName('postgres://user:secret@h/db', 'folio')).not.toThrow(/secret/)
  })
})
