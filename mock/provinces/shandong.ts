import { arrivalDeclarationForm, standardBackend } from '../lib/standardBackend'
import type { MockBackend } from '../lib/types'

/** Shandong (山东省) mock backend: standard-interface, with arrival declarations. */
export const shandongBackend: MockBackend = standardBackend({
  slug: 'shandong',
  province: '370000',
  declaration: arrivalDeclarationForm('370000', { zh: '来鲁人员申报', en: 'Arrival declaration: Shandong' }),
})
