import { standardBackend } from '../lib/standardBackend'
import type { MockBackend } from '../lib/types'

/** Chongqing (重庆市) mock backend: standard-interface. */
export const chongqingBackend: MockBackend = standardBackend({
  slug: 'chongqing',
  province: '500000',
})
