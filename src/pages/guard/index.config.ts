export default definePageConfig({ navigationBarTitleText: '核验模式' })
