/**
 * H5 only (config/index.ts aliases `@tarojs/components` here for the H5
 * build): Taro's components, with `View` and `Text` — nearly every element the
 * app draws — as Taro's own React implementations from
 * `@tarojs/components-react` (a plain `<div>` and `<span>`), the rest (Input,
 * Textarea, Picker, Button, Image, …) as Taro's usual Stencil web components.
 * Issue 16: each Stencil `View`/`Text` is a custom element with its own render
 * scheduled in a frame, and drawing a cold start's first answer took ~30 ms
 * of that work on its path. Taro's `h5.useHtmlComponents` switches every
 * component at once; its Input, Picker and Button differ from the Stencil ones
 * in markup and events, so only the two plain containers are switched.
 * Mini-programs and the tests keep `@tarojs/components` itself.
 */
import './components.h5.css'

export * from '@tarojs/components/lib/react'
// @ts-expect-error: the package's per-component files have no type declarations (its index has them).
export { default as View } from '@tarojs/components-react/dist/components/view/index.js'
// @ts-expect-error: as above.
export { default as Text } from '@tarojs/components-react/dist/components/text/index.js'
