import { standardBackend } from '../lib/standardBackend'
import type { MockBackend } from '../lib/types'

/** Tianjin (天津市) mock backend: standard-interface. */
export const tianjinBackend: MockBackend = standardBackend({
  slug: 'tianjin',
  province: '120000',
})
