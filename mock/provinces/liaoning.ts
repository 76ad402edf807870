import { standardBackend } from '../lib/standardBackend'
import type { MockBackend } from '../lib/types'

/** Liaoning (辽宁省) mock backend: standard-interface. */
export const liaoningBackend: MockBackend = standardBackend({
  slug: 'liaoning',
  province: '210000',
})
