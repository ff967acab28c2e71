/** What Payload hands a global hook untyped (`any`): the operation's arguments and the global's data. */
type Untyped = 'args' | 'data' | 'doc' | 'originalDoc' | 'previousDoc'

/**
 * One of Payload's global hook types (`GlobalAfterChangeHook`…) with the global's data typed as a
 * record: unlike its collection hooks, Payload's global hooks take no document type.
 */
export type TypedGlobalHook<Hook extends (args: never) => unknown> = (args: {
  [Key in keyof Parameters<Hook>[0]]: Key extends Untyped ? Record<string, unknown> : Parameters<Hook>[0][Key]
}) => ReturnType<Hook>
