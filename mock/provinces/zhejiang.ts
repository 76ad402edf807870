import { standardBackend } from '../lib/standardBackend'
import type { MockBackend } from '../lib/types'

/** Zhejiang (浙江省) mock backend: standard-interface. */
export const zhejiangBackend: MockBackend = standardBackend({
  slug: 'zhejiang',
  province: '330000',
})
