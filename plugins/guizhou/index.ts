import { standardProvincePlugin } from '../standard'
import { manifest } from './manifest'

/** Guizhou (贵州省): the national standard interface. */
export default standardProvincePlugin({
  id: '520000',
  slug: 'guizhou',
  name: { zh: '贵州省', en: 'Guizhou' },
  manifest,
})
