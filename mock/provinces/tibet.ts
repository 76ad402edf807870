import { standardBackend } from '../lib/standardBackend'
import type { MockBackend } from '../lib/types'

/** Tibet (西藏自治区) mock backend: standard-interface, unsigned (legacy). */
export const tibetBackend: MockBackend = standardBackend({
  slug: 'tibet',
  province: '540000',
  signs: false,
})
