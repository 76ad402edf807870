// Plain JavaScript: it replaces a node_modules file after the loaders are chosen (config/index.ts), so it is not compiled.
/**
 * Stands in for axios' fetch adapter (`axios/lib/adapters/fetch.js`) in the
 * app's builds (config/index.ts). The app sends every request through its own
 * adapter (Taro's request API: src/platform/taroAdapter.ts), so axios' fetch
 * adapter is never used; but axios 1.x probes the runtime for it when its
 * module is evaluated (it builds `Request`s with streams to test support),
 * ~5–13 ms of a cold H5 start's path before the first province is asked
 * (issue 16: "trim around axios where it costs nothing"). Asking for the fetch
 * adapter by name gets axios' own "not supported by the environment" error.
 */
/** @returns {false} */
export const getFetch = () => false

export default false
