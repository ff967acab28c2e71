import type { CollectionBeforeChangeHook } from 'payload'

/**
 * A folder whose *Folder type* is empty accepts every collection, and Payload's views find such
 * folders by `folderType` being absent or null. An empty list matches neither (on MongoDB too), so
 * without this a sub-folder made without a type (over the API, or with the field cleared) never
 * showed in its parent's Browse by Folder. Stores null instead of an empty list.
 */
export const storeEmptyFolderTypeAsNull: CollectionBeforeChangeHook = ({ data, operation }) => {
  const folderType: unknown = data.folderType
  if ((Array.isArray(folderType) && folderType.length === 0) || (operation === 'create' && folderType === undefined)) {
    return { ...data, folderType: null }
  }
  return data
}
