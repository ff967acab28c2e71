import type React from 'react'

/** The small mark in the admin navigation. */
export default function FolioIcon(): React.ReactElement {
  return (
    <svg width="24" height="24" viewBox="0 0 32 36" role="img" aria-label="Folio">
      <rect x="1" y="0" width="30" height="36" rx="4" fill="#1d4ed8" />
      <path d="M9 9h14M9 17h14M9 25h9" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
    </svg>
  )
}
