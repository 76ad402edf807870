import path from 'node:path'
import webpack from 'webpack'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'
import { serviceWorkerPlugin } from './serviceWorker'
import { LazyPackagePlugin } from './lazyPackage'
import { bootShellScript, pageChunkFiles } from './bootShell'
import { CompileHintsPlugin } from './compileHints'

/**
 * One Taro config for weapp, alipay and h5. `MOCK_BASE_URL` (absolute: the
 * mini-programs need absolute URLs) points the app at the mock province
 * backends; see README "Configuration".
 */
/** axios' fetch adapter, never used by the app (its requests go through Taro's), stubbed: src/platform/axiosNoFetch.js. */
function stubAxiosFetch(chain: { plugin(name: string): { use(p: unknown, args: unknown[]): unknown } }): void {
  chain
    .plugin('np-axios-no-fetch')
    .use(webpack.NormalModuleReplacementPlugin, [
      /axios[\\/]lib[\\/]adapters[\\/]fetch\.js$/,
      path.resolve(__dirname, '..', 'src', 'platform', 'axiosNoFetch.js'),
    ])
}

export default defineConfig<'webpack5'>(async (merge) => {
  // `npm run bench` builds a blank Taro app (test/bench/blank) with this same config, as the size/start baseline.
  const blank = process.env.NP_BENCH_BLANK === '1'
  // The installable web app (manifest, icons) is H5 only; its service worker only in production builds (not dev:h5).
  const webApp = process.env.TARO_ENV === 'h5' && !blank
  const serviceWorker = webApp && process.env.NODE_ENV !== 'development'
  const lazyPackage = process.env.TARO_ENV === 'weapp' && !blank
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'national-pass',
    date: '2026-11-26',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: blank ? 'test/bench/blank/src' : 'src',
    outputRoot: `${blank ? 'dist-blank' : 'dist'}/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {},
    // public/: the web app manifest and its icons, served beside index.html.
    copy: { patterns: webApp ? [{ from: 'public/', to: 'dist/h5/' }] : [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    alias: { '@': path.resolve(__dirname, '..', 'src') },
    // plugins/ lives beside src/; Taro compiles only sourceRoot unless told.
    mini: {
      webpackChain(chain) {
        // WeChat: the code after the first frame is a subpackage loaded with require.async (./lazyPackage.ts).
        if (lazyPackage) chain.plugin('np-lazy-package').use(LazyPackagePlugin)
        if (!blank) stubAxiosFetch(chain)
      },
      compile: { include: [path.resolve(__dirname, '..', 'plugins')] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      compile: { include: [path.resolve(__dirname, '..', 'plugins')] },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      // src/index.html places the scripts itself: the boot shell (src/boot) paints the saved colour, then starts them.
      // laterChunks: the async chunks the pass page needs right after its first frame, preloaded by the shell.
      htmlPluginOption: blank
        ? {}
        : {
            inject: false,
            bootShell: bootShellScript(),
            // The pass page's own chunk first (its script and style: needed for the first frame), then the later ones.
            passPageFiles: (compilation: Parameters<typeof pageChunkFiles>[0]) =>
              pageChunkFiles(compilation, 'src/pages/pass/index'),
            laterChunks: ['shared', 'services', 'pass-view', 'verify'],
          },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain(chain) {
        if (serviceWorker) chain.plugin('np-service-worker').use(...serviceWorkerPlugin())
        // View and Text as plain React elements, the other components Taro's Stencil ones (src/platform/components.h5.ts).
        if (!blank) {
          stubAxiosFetch(chain)
          // An import of a name its module does not export is an error, not a warning: on H5, Taro resolves
          // './x' to './x.h5' from x.h5.ts itself too, and such an import was undefined at run time.
          chain.module.set('parser', { ...chain.module.get('parser'), javascript: { exportsPresence: 'error' } })
          // The scripts a cold start on the pass page runs before its first answer, compiled eagerly (./compileHints.ts).
          chain
            .plugin('np-compile-hints')
            .use(CompileHintsPlugin, [{ chunks: ['app', 'shared', 'services'], pages: ['src/pages/pass/index'] }])
          // Modules both the services chunk and the pass view's chunk use (axios, the curve, the rules, …) live once, in
          // a chunk of their own that both load: Taro splits initial chunks alone, so each async chunk carried its own
          // copy, and a cold start parsed ~210 KB twice (issue 16).
          const SHARING = new Set(['services', 'pass-view'])
          const split = chain.optimization.get('splitChunks')
          chain.optimization.splitChunks({
            ...split,
            cacheGroups: {
              ...split.cacheGroups,
              npServicesShared: {
                name: 'shared',
                chunks: (chunk: { name?: string | null }) => SHARING.has(chunk.name ?? ''),
                minChunks: 2,
                priority: 50,
                enforce: true,
                reuseExistingChunk: true,
              },
            },
          })
        }
        if (!blank)
          chain.resolve.alias.set(
            '@tarojs/components$',
            path.resolve(__dirname, '..', 'src', 'platform', 'components.h5.ts'),
          )
      },
    },
  }
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})
