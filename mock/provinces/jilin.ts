import { standardBackend } from '../lib/standardBackend'
import type { MockBackend } from '../lib/types'

/** Jilin (吉林省) mock backend: standard-interface. */
export const jilinBackend: MockBackend = standardBackend({
  slug: 'jilin',
  province: '220000',
})
