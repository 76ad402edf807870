import { standardBackend } from '../lib/standardBackend'
import type { MockBackend } from '../lib/types'

/** Hebei (河北省) mock backend: standard-interface. */
export const hebeiBackend: MockBackend = standardBackend({
  slug: 'hebei',
  province: '130000',
})
