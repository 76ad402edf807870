import { standardBackend } from '../lib/standardBackend'
import type { MockBackend } from '../lib/types'

/** Guangxi (广西壮族自治区) mock backend: standard-interface. */
export const guangxiBackend: MockBackend = standardBackend({
  slug: 'guangxi',
  province: '450000',
})
