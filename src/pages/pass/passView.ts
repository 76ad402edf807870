/**
 * The pass page's full view. Mini-programs: bundled with the page (no async
 * chunks there). H5 (./passView.h5.ts): an async chunk, so the first frame —
 * the saved colour (issue 16) — needs none of its code.
 */
export { PassView } from '../../features/pass/PassView'
