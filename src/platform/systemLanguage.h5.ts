/**
 * H5: the browser's language, which is what Taro's `getSystemInfoSync().language` returns there. Not through that API:
 * its module parses the user agent with the `platform` package when first loaded, ~15 ms of a cold start's path for
 * a field the app does not read (issue 16).
 */
export function systemLanguage(): string | undefined {
  return globalThis.navigator?.language
}
