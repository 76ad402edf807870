import { standardBackend } from '../lib/standardBackend'
import type { MockBackend } from '../lib/types'

/** Heilongjiang (黑龙江省) mock backend: standard-interface. */
export const heilongjiangBackend: MockBackend = standardBackend({
  slug: 'heilongjiang',
  province: '230000',
})
