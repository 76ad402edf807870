import { standardBackend } from '../lib/standardBackend'
import type { MockBackend } from '../lib/types'

/** Ningxia (宁夏回族自治区) mock backend: standard-interface. */
export const ningxiaBackend: MockBackend = standardBackend({
  slug: 'ningxia',
  province: '640000',
})
