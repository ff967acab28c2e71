import { createRandom } from '../random'
import type { Category, FuzzCredentials, FuzzRequest, FuzzTargets, Generator } from '../types'
import { authGenerators } from './auth'
import { encodingGenerators } from './encodings'
import { graphqlGenerators } from './graphql'
import { methodGenerators } from './methods'
import { rawGenerators } from './raw'
import { restGenerators } from './rest'
import { typeConfusionGenerators } from './typeConfusion'
import { uploadGenerators } from './uploads'
import { whereGenerators } from './where'

/** Each family with its share of the requests. Raw requests are few: the slow ones take seconds each. */
export const FAMILIES: { category: Category; weight: number; generators: Generator[] }[] = [
  { category: 'rest', weight: 20, generators: restGenerators },
  { category: 'graphql', weight: 14, generators: graphqlGenerators },
  { category: 'uploads', weight: 8, generators: uploadGenerators },
  { category: 'auth', weight: 10, generators: authGenerators },
  { category: 'encodings', weight: 12, generators: encodingGenerators },
  { category: 'types', weight: 15, generators: typeConfusionGenerators },
  { category: 'where', weight: 13, generators: whereGenerators },
  { category: 'methods', weight: 5, generators: methodGenerators },
  { category: 'raw', weight: 3, generators: rawGenerators },
]

/**
 * Request number `index` of the run with `seed`: the same for the same seed, seeded content and
 * credentials aside (their ids and tokens are the run's own).
 */
export function generateRequest(seed: number, index: number, targets: FuzzTargets, credentials: FuzzCredentials): FuzzRequest {
  const random = createRandom(seed, index)
  const family = random.weighted(FAMILIES.map((entry) => [entry.weight, entry] as const))
  const generator = random.weighted(family.generators.map((entry) => [entry.weight ?? 1, entry] as const))
  const made = generator.make({ random, targets, credentials })
  return { ...made, category: family.category, generator: made.generator ?? generator.name }
}
