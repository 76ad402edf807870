import { standardBackend } from '../lib/standardBackend'
import type { MockBackend } from '../lib/types'

/** Guizhou (贵州省) mock backend: standard-interface. */
export const guizhouBackend: MockBackend = standardBackend({
  slug: 'guizhou',
  province: '520000',
})
