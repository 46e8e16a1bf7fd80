import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import 'element-plus/theme-chalk/dark/css-vars.css'
import './styles/main.css'
import App from './App.vue'
import { i18n } from './locales'
import { makeRouter } from './router'
import { configureClient } from './api/client'
import { useAuthStore } from './stores/auth'

const app = createApp(App)
const pinia = createPinia()
const router = makeRouter()
app.use(pinia).use(i18n).use(router).use(ElementPlus)

const auth = useAuthStore(pinia)
configureClient({
  csrfToken: () => auth.csrfToken,
  // A 401 in the middle of work: the session expired or was revoked.
  onUnauthorized: () => {
    const here = router.currentRoute.value
    auth.expire()
    if (here.name !== 'login') void router.push({ name: 'login', query: { redirect: here.fullPath } })
  },
})

router.afterEach((to) => {
  const { t } = i18n.global
  document.title = (to.meta.title ? `${t(to.meta.title)} · ` : '') + t('app.name')
})

app.mount('#app')
