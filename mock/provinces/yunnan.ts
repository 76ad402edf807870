import { standardBackend } from '../lib/standardBackend'
import type { MockBackend } from '../lib/types'

/** Yunnan (云南省) mock backend: standard-interface. */
export const yunnanBackend: MockBackend = standardBackend({
  slug: 'yunnan',
  province: '530000',
})
