export default definePageConfig({ navigationBarTitleText: '添加境外证书' })
