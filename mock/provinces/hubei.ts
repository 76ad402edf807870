import { standardBackend } from '../lib/standardBackend'
import type { MockBackend } from '../lib/types'

/** Hubei (湖北省) mock backend: standard-interface. */
export const hubeiBackend: MockBackend = standardBackend({
  slug: 'hubei',
  province: '420000',
})
