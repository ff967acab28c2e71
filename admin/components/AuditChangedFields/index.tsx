'use client'
import { useConfig, useFormFields, useTranslation } from '@payloadcms/ui'
import type { ClientField, DefaultCellComponentProps } from 'payload'
import type React from 'react'

type Label = string | Record<string, string> | false | undefined | ((...args: never[]) => unknown)

/** `generateSlug` → "Generate slug": how a field without a label of its own reads. */
function words(name: string): string {
  const spaced = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase()
  return spaced.charAt(0).toUpperCase() + spaced.slice(1)
}

function readLabel(label: Label, language: string): string | undefined {
  if (typeof label === 'string') return label
  if (label && typeof label === 'object') return label[language] ?? label.en ?? Object.values(label)[0]
  return undefined
}

/** The fields a name may be found among: unnamed rows, collapsibles and tabs add no name of their own. */
function named(fields: readonly ClientField[]): ClientField[] {
  return fields.flatMap((field) => {
    if ('name' in field && field.name) return [field]
    if (field.type === 'tabs') return field.tabs.flatMap((tab) => ('name' in tab && tab.name ? [{ ...tab, type: 'group' } as unknown as ClientField] : named(tab.fields)))
    if ('fields' in field && Array.isArray(field.fields)) return named(field.fields)
    return []
  })
}

/** `meta.description` in a post → "SEO › Description": each part by the label editors see. */
function labelPath(path: string, fields: readonly ClientField[] | undefined, language: string): string {
  const parts: string[] = []
  let level = fields
  for (const name of path.split('.')) {
    const field = level ? named(level).find((candidate) => 'name' in candidate && candidate.name === name) : undefined
    parts.push(readLabel(field && 'label' in field ? field.label : undefined, language) ?? words(name))
    level = field && 'fields' in field && Array.isArray(field.fields) ? field.fields : undefined
  }
  return parts.join(' › ')
}

function useFieldLabels(names: unknown, collection: unknown, global: unknown): string[] {
  const { getEntityConfig } = useConfig()
  const { i18n } = useTranslation()
  if (!Array.isArray(names)) return []
  const entity =
    typeof collection === 'string' && collection
      ? getEntityConfig({ collectionSlug: collection })
      : typeof global === 'string' && global
        ? getEntityConfig({ globalSlug: global })
        : null
  return names.map((name) => labelPath(String(name), entity?.fields, i18n.language))
}

/** The audit log's list: the changed fields by their labels. */
export function ChangedFieldsCell({ cellData, rowData }: DefaultCellComponentProps): React.ReactElement {
  const labels = useFieldLabels(cellData, rowData?.sourceCollection, rowData?.sourceGlobal)
  return <span data-testid="audit-changed-fields">{labels.join(', ')}</span>
}

/** An audit entry's page: the changed fields by their labels, the stored names beside them. */
export function ChangedFieldsField(): React.ReactElement {
  const names = useFormFields(([fields]) => fields.changedFields?.value)
  const collection = useFormFields(([fields]) => fields.sourceCollection?.value)
  const global = useFormFields(([fields]) => fields.sourceGlobal?.value)
  const labels = useFieldLabels(names, collection, global)
  return (
    <div className="field-type" style={{ marginBottom: 'var(--base)' }}>
      <label className="field-label">Fields changed</label>
      {labels.length ? (
        <ul data-testid="audit-changed-fields" style={{ margin: 0 }}>
          {labels.map((label, index) => (
            <li key={index} title={String((names as unknown[])[index])}>
              {label}
            </li>
          ))}
        </ul>
      ) : (
        <p className="field-description">None.</p>
      )}
      <p className="field-description">Names only, never values. For a new document, the fields it was created with.</p>
    </div>
  )
}
