import { standardBackend } from '../lib/standardBackend'
import type { MockBackend } from '../lib/types'

/** Shanxi (山西省) mock backend: standard-interface. */
export const shanxiBackend: MockBackend = standardBackend({
  slug: 'shanxi',
  province: '140000',
})
