import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus, { ElMessageBox } from 'element-plus'
import 'element-plus/dist/index.css'
import 'element-plus/theme-chalk/dark/css-vars.css'
import './styles/main.css'
import App from './App.vue'
import { i18n } from './locales'
import { makeRouter } from './router'
import { installSession } from './router/session'
import { useAuthStore } from './stores/auth'

const app = createApp(App)
const pinia = createPinia()
const router = makeRouter()
app.use(pinia).use(i18n).use(router).use(ElementPlus)

installSession(router, useAuthStore(pinia), () => {
  const { t } = i18n.global
  return ElMessageBox.alert(t('admin.session.text'), t('admin.session.title'), {
    type: 'warning', confirmButtonText: t('admin.session.signIn'), showClose: false, closeOnPressEscape: false,
  })
})

router.afterEach((to) => {
  const { t } = i18n.global
  document.title = (to.meta.title ? `${t(to.meta.title)} · ` : '') + t('app.name')
})

app.mount('#app')
