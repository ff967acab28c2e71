/** A field's place in the version comparison, left empty: for switches that are not content. */
export default function HiddenDiff(): null {
  return null
}
