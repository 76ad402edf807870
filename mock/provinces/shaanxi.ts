import { standardBackend } from '../lib/standardBackend'
import type { MockBackend } from '../lib/types'

/** Shaanxi (陕西省) mock backend: standard-interface. */
export const shaanxiBackend: MockBackend = standardBackend({
  slug: 'shaanxi',
  province: '610000',
})
