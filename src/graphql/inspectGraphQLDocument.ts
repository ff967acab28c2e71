import { Kind, OperationTypeNode, visit, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql'

export type GraphQLLimits = { maxDepth: number; maxCost: number }

export type GraphQLInspection = {
  /** The first reason to refuse the query, if any. */
  problem?: string
  /** Whether it asks about the schema (`__schema`, `__type`). */
  introspects: boolean
  /** The fields it selects, fragments expanded and aliases counted. */
  cost: number
  /** Whether it holds a subscription (Folio serves none). */
  subscribes: boolean
  /** The names of the fields its operations select at the top (inline fragments and spreads included). */
  rootFields: Set<string>
}

const CONDITIONAL_DIRECTIVES = new Set(['skip', 'include'])

/**
 * `@skip(if:)` and `@include(if:)` with a value that is not a Boolean (or a Boolean variable):
 * graphql-js' validation would report it, but query-cost rules evaluate the directive first and
 * throw, which graphql-http answers with an empty 500.
 */
function findBadCondition(document: DocumentNode): string | undefined {
  let problem: string | undefined
  const booleanVariables = new Set<string>()
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue
    for (const variable of definition.variableDefinitions ?? []) {
      const type = variable.type.kind === Kind.NON_NULL_TYPE ? variable.type.type : variable.type
      if (type.kind === Kind.NAMED_TYPE && type.name.value === 'Boolean') booleanVariables.add(variable.variable.name.value)
    }
  }
  visit(document, {
    Directive(node) {
      if (problem || !CONDITIONAL_DIRECTIVES.has(node.name.value)) return
      const condition = node.arguments?.find((argument) => argument.name.value === 'if')
      const value = condition?.value
      const isBoolean = value?.kind === Kind.BOOLEAN || (value?.kind === Kind.VARIABLE && booleanVariables.has(value.name.value))
      if (!isBoolean) problem = `@${node.name.value} needs "if" to be true, false or a Boolean variable`
    },
  })
  return problem
}

/** Fields that answer about the schema; their subtrees are bounded by it and gated on their own. */
const INTROSPECTION_FIELDS = new Set(['__schema', '__type'])

type Measure = { depth: number; cost: number }

/**
 * Measures a parsed query before it is validated or run: fragment cycles (which overflow the
 * stack of graphql-js' own validation), nesting depth and cost, the number of fields it selects
 * once fragments are expanded, every alias counted; and whether it asks about the schema.
 * Fragments are measured once each, so a hostile query costs this walk no more than its size.
 */
export function inspectGraphQLDocument(document: DocumentNode, { maxDepth, maxCost }: GraphQLLimits): GraphQLInspection {
  const fragments = new Map<string, FragmentDefinitionNode>()
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition)
  }
  const measured = new Map<string, Measure>()
  const visiting = new Set<string>()
  let problem: string | undefined
  let introspects = false
  let totalCost = 0
  let subscribes = false
  const rootFields = new Set<string>()
  const collectRootFields = (selectionSet: SelectionSetNode, seen: Set<string>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) rootFields.add(selection.name.value)
      else if (selection.kind === Kind.INLINE_FRAGMENT) collectRootFields(selection.selectionSet, seen)
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value)
        const fragment = fragments.get(selection.name.value)
        if (fragment) collectRootFields(fragment.selectionSet, seen)
      }
    }
  }

  const measureSet = (selectionSet: SelectionSetNode | undefined): Measure => {
    let depth = 0
    let cost = 0
    for (const selection of selectionSet?.selections ?? []) {
      if (problem) break
      let inner: Measure
      if (selection.kind === Kind.FIELD) {
        if (INTROSPECTION_FIELDS.has(selection.name.value)) {
          introspects = true
          continue
        }
        const children = measureSet(selection.selectionSet)
        inner = { depth: children.depth + 1, cost: children.cost + 1 }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = measureSet(selection.selectionSet)
      } else {
        inner = measureFragment(selection.name.value)
      }
      depth = Math.max(depth, inner.depth)
      cost += inner.cost
      if (cost > maxCost && !problem) problem = `The query selects more than ${maxCost} fields (aliases and fragments counted); split it or select less`
    }
    return { depth, cost }
  }

  const measureFragment = (name: string): Measure => {
    const known = measured.get(name)
    if (known) return known
    const fragment = fragments.get(name)
    if (!fragment) return { depth: 0, cost: 0 } // graphql-js reports the unknown fragment
    if (visiting.has(name)) {
      problem ??= `Fragment "${name}" spreads itself (directly or through other fragments)`
      return { depth: 0, cost: 0 }
    }
    visiting.add(name)
    const result = measureSet(fragment.selectionSet)
    visiting.delete(name)
    measured.set(name, result)
    return result
  }

  for (const definition of document.definitions) {
    if (problem) break
    if (definition.kind === Kind.FRAGMENT_DEFINITION) measureFragment(definition.name.value)
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue
    if (definition.operation === OperationTypeNode.SUBSCRIPTION) subscribes = true
    const { depth, cost } = measureSet(definition.selectionSet)
    if (!problem) collectRootFields(definition.selectionSet, new Set())
    totalCost += cost
    if (depth > maxDepth && !problem) problem = `The query nests ${depth} levels deep; at most ${maxDepth} are allowed`
  }
  return { problem: problem ?? findBadCondition(document), introspects, cost: totalCost, subscribes, rootFields }
}
