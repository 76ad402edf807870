import { standardBackend } from '../lib/standardBackend'
import type { MockBackend } from '../lib/types'

/** Anhui (安徽省) mock backend: standard-interface. */
export const anhuiBackend: MockBackend = standardBackend({
  slug: 'anhui',
  province: '340000',
})
