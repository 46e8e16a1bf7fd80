// Mounts a component with the app's plugins (Element Plus, i18n, Pinia, router).
import { mount, type ComponentMountingOptions } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Component } from 'vue'
import { i18n } from '@/locales'
import { stubRoutes as routes } from './routes'

export async function mountWithApp<C extends Component>(comp: C, opts: ComponentMountingOptions<C> & { path?: string } = {}) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(opts.path ?? '/login')
  const wrapper = mount(comp, {
    ...opts,
    global: { plugins: [ElementPlus, i18n, pinia, router], stubs: { EChart: { template: '<canvas data-test="chart" />' } } },
  } as ComponentMountingOptions<C>)
  return { wrapper, router, pinia }
}
