/** One row of `npm run bench`. Bench pieces by others return `{ name, value, unit }`; ours add the rest. */
export interface BenchRow {
  name: string
  /** `NaN` when the row could not be measured (see `note`); never a made-up number. */
  value: number
  unit: string
  /** value ÷ the reference measured (or cited) beside it. */
  ratio?: number
  /** What the ratio is relative to, or the budget. */
  reference?: string
  note?: string
}
