export default definePageConfig({ navigationBarTitleText: '行程核验' })
