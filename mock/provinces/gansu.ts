import { standardBackend } from '../lib/standardBackend'
import type { MockBackend } from '../lib/types'

/** Gansu (甘肃省) mock backend: standard-interface. */
export const gansuBackend: MockBackend = standardBackend({
  slug: 'gansu',
  province: '620000',
})
