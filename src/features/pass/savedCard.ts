/**
 * What the saved display record's card says (issue 16), as plain data: the
 * lines, their classes and their `data-*` attributes. One model for the two
 * places that draw it — the pass page's first frame (SavedColour.tsx, React)
 * and the H5 boot shell (src/boot/savedShell.ts, plain DOM, before the app's
 * scripts run) — so both say exactly the same thing. No Taro, no React.
 */
import type { Lang } from '../../core/rules/types'
import { defineStrings, fill } from '../../i18n'
import { SAVED_MAX_AGE_MS, type SavedDisplay, savedStaleness } from './savedDisplay'
import { COLOUR_SHAPE, COLOUR_TEXT, duration, provinceName } from './strings'

/** The card's strings (here, not in ./strings: the boot shell bundles this file and not the page's table). */
export const savedStrings = defineStrings({
  savedPerson: { zh: '{name}：本机保存的通行码颜色', en: '{name}: the pass colour saved on this device' },
  savedNoColour: { zh: '保存时没有经验签的健康码', en: 'No verified code when it was saved' },
  savedAllGreen: { zh: '{n} 个地区：绿码，保存时均已验签', en: '{n} authorities: green, all verified when saved' },
  savedCounts: {
    zh: '保存时 {n} 个地区已验签，其中 {g} 个绿码',
    en: '{n} authorities verified when saved, {g} of them green',
  },
  savedFlagged: { zh: '{province}：{colour}', en: '{province}: {colour}' },
  savedRefreshing: { zh: '保存于 {age} 前，正在刷新核验…', en: 'Saved {age} ago, refreshing…' },
  savedNotAgain: {
    zh: '保存于 {age} 前，本次刷新未能重新核验',
    en: 'Saved {age} ago; the refresh could not verify it again',
  },
  savedOld: {
    zh: '保存已超过 {max}：这是旧颜色，以刷新后的结果为准',
    en: 'Saved more than {max} ago: an old colour until the refresh answers',
  },
  savedExpired: { zh: '保存的健康码已过有效期', en: 'A saved code has expired since' },
  savedMissing: {
    zh: '此颜色未包含 {n} 个地区：{list}',
    en: 'This colour could not see {n} authorities: {list}',
  },
})

/** `data-*` attributes, without the prefix; undefined ones are left out. */
export type DataAttrs = Record<string, string | number | undefined>

export interface SavedCardLine {
  className: string
  text: string
  data?: DataAttrs
}

export interface SavedCard {
  data: DataAttrs
  lines: SavedCardLine[]
}

/**
 * The card of `display` at server time `now`: whose pass, the saved colour (with its shape), the headline counts,
 * each non-green code, what the colour could not see, its age ("refreshing…" while a refresh is running or about
 * to), and why it no longer holds on its own (old, expired). `data-verified="true"` only when the colour came from
 * a code verified when it was saved (the only colour a record carries).
 */
export function savedCard(display: SavedDisplay, now: number, refreshing: boolean, lang: Lang): SavedCard {
  const s = (k: keyof typeof savedStrings) => savedStrings[k][lang]
  const { colour } = display
  const age = duration(now - display.savedAt, lang)
  const stale = savedStaleness(display, now, SAVED_MAX_AGE_MS)
  const sep = lang === 'zh' ? '、' : ', '
  const lines: SavedCardLine[] = [
    { className: 'np-muted', text: fill(s('savedPerson'), { name: display.name }) },
    {
      className: `np-big ${colour ? `np-${colour}` : 'np-muted'}`,
      text: colour ? `${COLOUR_SHAPE[colour]} ${COLOUR_TEXT[colour][lang]}` : s('savedNoColour'),
    },
  ]
  if (colour)
    lines.push({
      className: '',
      data: { 'saved-headline': `${display.green}/${display.verified}` },
      text:
        display.green === display.verified
          ? fill(s('savedAllGreen'), { n: display.verified })
          : fill(s('savedCounts'), { n: display.verified, g: display.green }),
    })
  for (const f of display.flagged)
    lines.push({
      className: `np-${f.colour}`,
      data: { 'saved-flagged': f.province },
      text: fill(s('savedFlagged'), {
        province: provinceName(f.province, lang),
        colour: `${COLOUR_SHAPE[f.colour]} ${COLOUR_TEXT[f.colour][lang]}`,
      }),
    })
  if (display.missing.length)
    lines.push({
      className: 'np-yellow',
      data: { 'saved-missing': display.missing.length },
      text: fill(s('savedMissing'), {
        n: display.missing.length,
        list: display.missing
          .slice(0, 6)
          .map((p) => provinceName(p, lang))
          .join(sep)
          .concat(display.missing.length > 6 ? (lang === 'zh' ? '等' : ', …') : ''),
      }),
    })
  lines.push({
    className: 'np-muted',
    data: { 'saved-age': Math.max(0, now - display.savedAt) },
    text: fill(s(refreshing ? 'savedRefreshing' : 'savedNotAgain'), { age }),
  })
  if (stale)
    lines.push({
      className: 'np-yellow',
      text: stale === 'expired' ? s('savedExpired') : fill(s('savedOld'), { max: duration(SAVED_MAX_AGE_MS, lang) }),
    })
  return {
    data: {
      section: 'saved',
      'saved-colour': colour ?? '',
      verified: colour ? 'true' : 'false',
      'saved-at': display.savedAt,
      'saved-stale': stale ?? undefined,
    },
    lines,
  }
}

/** `data-*` props for a JSX element or attributes for a DOM one: `{ 'data-section': 'saved', … }`. */
export function dataProps(data: DataAttrs | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(data ?? {})) if (v !== undefined) out[`data-${k}`] = String(v)
  return out
}
