/** Two projects: `unit` (platform-free code in plain Node) and `ui` (Taro preset, jsdom). */
const unit = {
  displayName: 'unit',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/unit', '<rootDir>/test/conformance'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': [
      'ts-jest',
      {
        tsconfig: {
          module: 'commonjs',
          moduleResolution: 'node',
          jsx: 'react-jsx',
          esModuleInterop: true,
          resolveJsonModule: true,
          isolatedModules: true,
        },
        diagnostics: false,
      },
    ],
  },
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' },
}

/** `ui`: Taro React pages and components under jsdom, booted like the H5 build (see test/ui/README.md). */
const TARO_JEST = '<rootDir>/node_modules/@tarojs/test-utils-react/dist/jest'
// Only these packages ship ESM that must be compiled (the preset's `[]` would make Babel compile jest itself).
const TRANSFORM_ALLOW = [
  '@tarojs',
  '@stencil',
  'swiper',
  'lodash-es',
  'query-string',
  'decode-uri-component',
  'split-on-first',
  'filter-obj',
  'style-inject',
  'tslib',
  '.pnpm',
]
const ui = {
  displayName: 'ui',
  testEnvironment: 'jsdom',
  testEnvironmentOptions: { url: 'http://localhost/', customExportConditions: ['node', 'node-addons'] },
  roots: ['<rootDir>/test/ui'],
  testMatch: ['**/*.test.{ts,tsx}'],
  setupFiles: ['<rootDir>/test/ui/setup.ts'],
  transform: { '^.+\\.(mjs|js|jsx|ts|tsx)$': `${TARO_JEST}/babel-transformer.js` },
  transformIgnorePatterns: [`/node_modules/(?!(${TRANSFORM_ALLOW.map((p) => p.replace('.', '\\.')).join('|')})/)`],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'jsx', 'json'],
  moduleNameMapper: {
    '\\.(css|less|scss|sass|styl)$': '<rootDir>/test/ui/styleMock.js',
    '^@tarojs/taro$': `${TARO_JEST}/runtime/taro-h5.js`,
    '^@tarojs/components$': '@tarojs/components/lib/react/index',
    '^@/(.*)$': '<rootDir>/src/$1',
  },
  globals: {
    ENABLE_INNER_HTML: true,
    ENABLE_ADJACENT_HTML: true,
    ENABLE_SIZE_APIS: true,
    DEPRECATED_ADAPTER_COMPONENT: false,
    ENABLE_TEMPLATE_CONTENT: true,
    ENABLE_MUTATION_OBSERVER: true,
    ENABLE_CLONE_NODE: true,
    ENABLE_CONTAINS: true,
    __TARO_FRAMEWORK__: 'react',
  },
}

module.exports = { projects: [unit, ui] }
