import { standardBackend } from '../lib/standardBackend'
import type { MockBackend } from '../lib/types'

/** Inner Mongolia (内蒙古自治区) mock backend: standard-interface. */
export const innerMongoliaBackend: MockBackend = standardBackend({
  slug: 'inner-mongolia',
  province: '150000',
})
