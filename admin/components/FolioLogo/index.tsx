import type React from 'react'

/** The wordmark on the admin login screen. */
export default function FolioLogo(): React.ReactElement {
  return (
    <svg width="180" height="48" viewBox="0 0 180 48" role="img" aria-label="Folio">
      <rect x="2" y="6" width="30" height="36" rx="4" fill="#1d4ed8" />
      <path d="M10 14h14M10 22h14M10 30h9" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
      <text x="44" y="35" fontFamily="system-ui, sans-serif" fontSize="30" fontWeight="700" fill="currentColor">
        Folio
      </text>
    </svg>
  )
}
