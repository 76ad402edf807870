/**
 * The pass headline a guard needs on the check-in result: the active
 * person's colour from the venue's province, as the pass feature last saw it.
 */
import type { RootState } from '../../app/store'
import type { Colour, ProvinceCode } from '../../core/model'

export interface VenueHeadline {
  colour: Colour | 'unknown'
  verified: boolean
  /** When the province said so (server time), if known. */
  at: number | null
}

export function selectVenueHeadline(state: RootState, province: ProvinceCode): VenueHeadline {
  const { activeId } = state.identity
  const result = activeId ? state.pass.byPerson[activeId]?.provinces[province] : undefined
  const code = result?.healthCode
  if (!code) return { colour: 'unknown', verified: false, at: null }
  return { colour: code.colour, verified: code.verified, at: code.issuedAt }
}
