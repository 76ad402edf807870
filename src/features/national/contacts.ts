/**
 * What the pass tells a traveller to act on: pop-ups never folded into "all
 * green", and for every non-green code, every pop-up and every change without
 * a stated reason, the issuing authority's contact (from its plugin) and the
 * next step. Pure: no Taro, no React.
 */
import { type AuthorityContact, defaultContact } from '../../core/authorities'
import type { HealthCode, PopUp, ProvinceCode } from '../../core/model'
import { authorities } from '../../../plugins/authorities'
import { unexplainedChanges } from '../pass/passLogic'

/** The contact an authority's plugin names, else 12345 and its code app's appeal entry. */
export function contactFor(code: ProvinceCode): AuthorityContact {
  const plugin = authorities.find((p) => p.id === code)
  return plugin?.contact ?? defaultContact(plugin?.codeApp)
}

/** Why a code needs the traveller to act. */
export type ActionReason = 'red' | 'yellow' | 'pop-up' | 'no-reason'

/** One authority the traveller must act on, with the contact to reach it. */
export interface ActionItem {
  province: ProvinceCode
  reasons: ActionReason[]
  /** When the last change without a stated reason happened. */
  unexplainedAt?: number
  popUps: PopUp[]
  contact: AuthorityContact
}

/** Every code that is not plainly green: red/yellow, with a pop-up, or changed without a stated reason; reddest first. */
export function actionItems(codes: readonly HealthCode[]): ActionItem[] {
  const rank = (i: ActionItem) => (i.reasons.includes('red') ? 0 : i.reasons.includes('yellow') ? 1 : 2)
  return codes
    .flatMap((c): ActionItem[] => {
      const reasons: ActionReason[] = []
      if (c.colour !== 'green') reasons.push(c.colour)
      if (c.popUps.length) reasons.push('pop-up')
      const flagged = unexplainedChanges(c)
      if (flagged.length) reasons.push('no-reason')
      if (!reasons.length) return []
      return [
        {
          province: c.province,
          reasons,
          ...(flagged.length ? { unexplainedAt: c.history[flagged[flagged.length - 1]].at } : {}),
          popUps: c.popUps,
          contact: contactFor(c.province),
        },
      ]
    })
    .sort((a, b) => rank(a) - rank(b) || a.province.localeCompare(b.province))
}

/** True when a code may fold into "all green": green, no pop-up, every change explained. */
export function plainlyGreen(code: HealthCode): boolean {
  return code.colour === 'green' && code.popUps.length === 0 && unexplainedChanges(code).length === 0
}
