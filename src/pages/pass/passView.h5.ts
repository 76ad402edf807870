/**
 * H5: the pass page's full view (the QR, every province row, verdicts, rules)
 * is an async chunk, fetched once the first frame — the saved colour — is on
 * screen (issue 16); the page shows the saved colour while it loads.
 */
import { lazy } from 'react'

export const PassView = lazy(() =>
  import(/* webpackChunkName: "pass-view" */ '../../features/pass/PassView').then((m) => ({ default: m.PassView })),
)
