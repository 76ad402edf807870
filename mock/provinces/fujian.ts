import { standardBackend } from '../lib/standardBackend'
import type { MockBackend } from '../lib/types'

/** Fujian (福建省) mock backend: standard-interface. */
export const fujianBackend: MockBackend = standardBackend({
  slug: 'fujian',
  province: '350000',
})
