export default definePageConfig({ navigationBarTitleText: '扫场所码' })
