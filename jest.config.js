/** Two projects: `unit` (platform-free code in plain Node) and `ui` (Taro preset, jsdom). */
const unit = {
  displayName: 'unit',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/unit', '<rootDir>/test/conformance'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node', jsx: 'react-jsx', esModuleInterop: true, resolveJsonModule: true, isolatedModules: true }, diagnostics: false }] },
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' },
}

module.exports = { projects: [unit] }
