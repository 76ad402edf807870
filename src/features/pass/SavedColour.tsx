import { Text, View } from '@tarojs/components'
import type { Lang } from '../../core/rules/types'
import { fill } from '../../components/useI18n'
import { SAVED_MAX_AGE_MS, type SavedDisplay, savedStaleness } from './savedDisplay'
import { COLOUR_SHAPE, COLOUR_TEXT, duration, passStrings, provinceName } from './strings'

/**
 * The first frame of the pass page (issue 16): the saved display record only —
 * the saved colour, whose pass, the headline counts, what it could not see,
 * its age — labelled "saved, refreshing…" until the pass is verified again.
 * `data-verified="true"` only when the colour came from a code verified when
 * it was saved (the only colour a record carries); `data-saved-stale` when it
 * is older than the QR's freshness window or a code has expired.
 */
export function SavedColour({
  display,
  now,
  refreshing,
  lang: langNow,
}: {
  display: SavedDisplay
  /** Server time now. */
  now: number
  /** A refresh is running or about to: false once it ended without verifying the pass again (offline, failures). */
  refreshing: boolean
  /** The traveller's language once settings are read; before that (the first frame), the one saved with the record. */
  lang?: Lang
}) {
  const lang = langNow ?? display.lang
  const s = (k: keyof typeof passStrings) => passStrings[k][lang]
  const { colour } = display
  const age = duration(now - display.savedAt, lang)
  const stale = savedStaleness(display, now, SAVED_MAX_AGE_MS)
  const sep = lang === 'zh' ? '、' : ', '
  const missing = display.missing.length
    ? fill(s('savedMissing'), {
        n: display.missing.length,
        list: display.missing
          .slice(0, 6)
          .map((p) => provinceName(p, lang))
          .join(sep)
          .concat(display.missing.length > 6 ? (lang === 'zh' ? '等' : ', …') : ''),
      })
    : null
  return (
    <View
      className='np-card np-saved'
      data-section='saved'
      data-saved-colour={colour ?? ''}
      data-verified={colour ? 'true' : 'false'}
      data-saved-at={display.savedAt}
      data-saved-stale={stale ?? undefined}
    >
      <View>
        <Text className='np-muted'>{fill(s('savedPerson'), { name: display.name })}</Text>
      </View>
      <View>
        <Text className={`np-big ${colour ? `np-${colour}` : 'np-muted'}`}>
          {colour ? `${COLOUR_SHAPE[colour]} ${COLOUR_TEXT[colour][lang]}` : s('savedNoColour')}
        </Text>
      </View>
      {colour && (
        <View data-saved-headline={`${display.green}/${display.verified}`}>
          <Text>
            {display.green === display.verified
              ? fill(s('savedAllGreen'), { n: display.verified })
              : fill(s('savedCounts'), { n: display.verified, g: display.green })}
          </Text>
        </View>
      )}
      {display.flagged.map((f) => (
        <View key={f.province} data-saved-flagged={f.province}>
          <Text className={`np-${f.colour}`}>
            {fill(s('savedFlagged'), {
              province: provinceName(f.province, lang),
              colour: `${COLOUR_SHAPE[f.colour]} ${COLOUR_TEXT[f.colour][lang]}`,
            })}
          </Text>
        </View>
      ))}
      {missing && (
        <View data-saved-missing={display.missing.length}>
          <Text className='np-yellow'>{missing}</Text>
        </View>
      )}
      <View data-saved-age={Math.max(0, now - display.savedAt)}>
        <Text className='np-muted'>{fill(s(refreshing ? 'savedRefreshing' : 'savedNotAgain'), { age })}</Text>
      </View>
      {stale && (
        <View>
          <Text className='np-yellow'>
            {stale === 'expired' ? s('savedExpired') : fill(s('savedOld'), { max: duration(SAVED_MAX_AGE_MS, lang) })}
          </Text>
        </View>
      )}
    </View>
  )
}
