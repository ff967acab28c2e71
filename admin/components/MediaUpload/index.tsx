'use client'
import { Upload, useConfig, useDocumentInfo } from '@payloadcms/ui'
import type { SanitizedCollectionConfig } from 'payload'
import type React from 'react'

/**
 * Payload's upload section, offering "Edit Image" (crop and focal point) only to someone who may
 * save the file: on someone else's upload an author sees the image, not an editor whose changes
 * could not be kept.
 */
export default function MediaUpload(): React.ReactElement | null {
  const { collectionSlug, hasSavePermission, initialState } = useDocumentInfo()
  const { getEntityConfig } = useConfig()
  const upload = collectionSlug ? getEntityConfig({ collectionSlug })?.upload : undefined
  if (!collectionSlug || !upload || typeof upload !== 'object') return null
  const uploadConfig: SanitizedCollectionConfig['upload'] = hasSavePermission ? upload : { ...upload, crop: false, focalPoint: false }
  return <Upload collectionSlug={collectionSlug} initialState={initialState} uploadConfig={uploadConfig} />
}
