/** The guard's shift tally: admitted, refused, needs-action, and how often each reason came up. */
import type { GuardResult } from './guardCheck'

export interface ShiftTally {
  since: number
  admitted: number
  refused: number
  needsAction: number
  /** Reason (catalogue code, or rule id for a failed rule) → count. */
  reasons: Record<string, number>
}

export function emptyTally(since: number): ShiftTally {
  return { since, admitted: 0, refused: 0, needsAction: 0, reasons: {} }
}

/** The tally with one more verdict counted (a new object; the input is untouched). */
export function addToTally(t: ShiftTally, r: GuardResult): ShiftTally {
  const reasons = { ...t.reasons }
  for (const x of r.reasons) {
    const k = x.ruleId ?? x.code
    reasons[k] = (reasons[k] ?? 0) + 1
  }
  return {
    since: t.since,
    admitted: t.admitted + (r.outcome === 'admit' ? 1 : 0),
    refused: t.refused + (r.outcome === 'refuse' ? 1 : 0),
    needsAction: t.needsAction + (r.outcome === 'needs-action' ? 1 : 0),
    reasons,
  }
}
