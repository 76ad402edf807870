import { standardBackend } from '../lib/standardBackend'
import type { MockBackend } from '../lib/types'

/** Qinghai (青海省) mock backend: standard-interface. */
export const qinghaiBackend: MockBackend = standardBackend({
  slug: 'qinghai',
  province: '630000',
})
