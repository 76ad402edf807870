import { standardBackend } from '../lib/standardBackend'
import type { MockBackend } from '../lib/types'

/** Jiangxi (江西省) mock backend: standard-interface. */
export const jiangxiBackend: MockBackend = standardBackend({
  slug: 'jiangxi',
  province: '360000',
})
