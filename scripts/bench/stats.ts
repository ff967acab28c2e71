export type Summary = { p50: number; p99: number; max: number }

/** Nearest-rank percentile of already sorted values. */
function percentile(sorted: number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]
}

export function summarize(values: number[]): Summary {
  if (values.length === 0) throw new Error('no samples to summarize')
  const sorted = [...values].sort((a, b) => a - b)
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] }
}

/** Calls `task(i)` for i in [0, count) with at most `concurrency` calls in flight. */
export async function runPool(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < count) await task(next++)
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
}

export type Row = { label: string; folio?: number; direct?: number; unit: string }

export const formatNumber = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2))

const cell = (value: number | undefined) => (value === undefined ? '-' : formatNumber(value))

const ratio = (row: Row) => (row.folio === undefined || row.direct === undefined || row.direct === 0 ? '-' : `${(row.folio / row.direct).toFixed(2)}x`)

/** Rows as a fixed-width text table: label, unit, Folio, direct POST, and Folio/direct. */
export function formatTable(rows: Row[]): string {
  const header = ['measure', 'unit', 'Folio', 'direct POST (no Folio)', 'Folio/direct']
  return formatGrid(header, rows.map((row) => [row.label, row.unit, cell(row.folio), cell(row.direct), ratio(row)]), 'llrrr')
}

/**
 * A fixed-width text table under `header`. `align` has one letter per column: "l" for text
 * (left-aligned), "r" for numbers (right-aligned). An empty line stays empty: it separates groups.
 */
export function formatGrid(header: string[], lines: string[][], align: string): string {
  const all = [header, ...lines.filter((line) => line.length > 0)]
  const widths = header.map((_, column) => Math.max(...all.map((line) => (line[column] ?? '').length)))
  const render = (line: string[]) =>
    line.length === 0
      ? ''
      : line.map((text, column) => (align[column] === 'r' ? text.padStart(widths[column]) : text.padEnd(widths[column]))).join('  ').trimEnd()
  return [render(header), widths.map((width) => '-'.repeat(width)).join('  '), ...lines.map(render)].join('\n')
}
