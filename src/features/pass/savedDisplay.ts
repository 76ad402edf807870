/**
 * The saved display record (issue 16): what the pass page's first frame shows
 * at start-up, before anything else is read — the pass colour, the headline
 * (how many verified codes, which are not green), what that colour could not
 * see, when it was saved. It is one small encrypted record, written whenever
 * the saved pass is written, so a start decrypts it alone; the 24 KB saved
 * pass, the QR and the province rows come after the first paint.
 *
 * Honesty: the colour is the worst *verified* code of the saved pass (an
 * unsigned code never colours it); with no verified code there is no colour.
 * The page shows it with its age, as "saved, refreshing…", until the pass is
 * verified again. No Taro, no React, no heavy imports: it is read at boot.
 */
import type { Colour } from '../../core/model'
import type { Lang } from '../../core/rules/types'
import type { SecureStorage } from '../../platform/secureStorage'
import type { ProvinceResult } from './passLogic'

/** One key for the active traveller (the first frame cannot know who is signed in without another decrypt). */
export const DISPLAY_KEY = 'pass.display'

export interface SavedDisplay {
  v: 1
  personId: string
  /** The traveller's name, shown beside the colour: whose pass the first frame is. */
  name: string
  /** Server time the pass was saved. */
  savedAt: number
  /** The worst verified colour, or null when no code in the saved pass was verified. */
  colour: Colour | null
  /** Verified codes in the saved pass, and how many of them were green. */
  verified: number
  green: number
  /** Verified non-green codes: province and colour. */
  flagged: Array<{ province: string; colour: Colour }>
  /** Provinces whose verified code the colour could not see (no answer, failed, unsigned, no consent). */
  missing: string[]
  /** The earliest `validUntil` among the verified codes: after it the saved colour has expired. */
  validUntil: number | null
  /** The language the traveller used when it was saved (the first frame comes before settings are read). */
  lang: Lang
}

/**
 * After this a saved colour is "old" (the pass QR's screenshot limit, core/passCodec DEFAULT_MAX_AGE_MS;
 * not imported: the first frame must not load the pass codec and its verifier).
 */
export const SAVED_MAX_AGE_MS = 10 * 60_000

const RANK: Record<Colour, number> = { green: 0, yellow: 1, red: 2 }

/**
 * The display record of a saved pass. `provinces` is what is saved;
 * `everyProvince` every province code the verdict could have seen.
 */
export function displayOf(
  personId: string,
  name: string,
  provinces: Record<string, ProvinceResult>,
  savedAt: number,
  everyProvince: readonly string[],
  lang: Lang,
): SavedDisplay {
  let colour: Colour | null = null
  let verified = 0
  let green = 0
  let validUntil: number | null = null
  const flagged: SavedDisplay['flagged'] = []
  const seen = new Set<string>()
  for (const [province, r] of Object.entries(provinces)) {
    const c = r.healthCode
    if (!c?.verified) continue
    seen.add(province)
    verified += 1
    if (c.colour === 'green') green += 1
    else flagged.push({ province, colour: c.colour })
    if (colour === null || RANK[c.colour] > RANK[colour]) colour = c.colour
    if (typeof c.validUntil === 'number')
      validUntil = validUntil === null ? c.validUntil : Math.min(validUntil, c.validUntil)
  }
  const missing = everyProvince.filter((p) => !seen.has(p))
  return { v: 1, personId, name, savedAt, colour, verified, green, flagged, missing, validUntil, lang }
}

const COLOURS = new Set<unknown>(['green', 'yellow', 'red'])
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x)

/** A stored record, checked; anything else (an old or damaged record) is null: the page then waits for the pass. */
export function asSavedDisplay(x: unknown): SavedDisplay | null {
  if (!x || typeof x !== 'object') return null
  const r = x as Partial<SavedDisplay>
  const ok =
    r.v === 1 &&
    typeof r.personId === 'string' &&
    typeof r.name === 'string' &&
    isNum(r.savedAt) &&
    (r.colour === null || COLOURS.has(r.colour)) &&
    isNum(r.verified) &&
    isNum(r.green) &&
    Array.isArray(r.flagged) &&
    r.flagged.every((f) => f && typeof f.province === 'string' && COLOURS.has(f.colour)) &&
    Array.isArray(r.missing) &&
    r.missing.every((m) => typeof m === 'string') &&
    (r.validUntil === null || isNum(r.validUntil)) &&
    (r.lang === 'zh' || r.lang === 'en')
  // A colour needs a verified code behind it.
  return ok && (r.colour === null || (r.verified ?? 0) > 0) ? (r as SavedDisplay) : null
}

/** The saved display record: one small decrypt. Null when there is none, or it cannot be read. */
export function readSavedDisplay(storage: Pick<SecureStorage, 'read'>): SavedDisplay | null {
  const r = storage.read<unknown>(DISPLAY_KEY)
  return 'value' in r ? asSavedDisplay(r.value) : null
}

/** Why a saved colour no longer holds on its own: older than the QR's freshness window, or a code expired. */
export function savedStaleness(d: SavedDisplay, now: number, maxAgeMs: number): 'expired' | 'old' | null {
  if (d.validUntil !== null && now > d.validUntil) return 'expired'
  if (now - d.savedAt > maxAgeMs) return 'old'
  return null
}
