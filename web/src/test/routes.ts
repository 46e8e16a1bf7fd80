// The app's routes with every page replaced by a stub, so router tests do
// not load the real pages.
import { defineComponent, h } from 'vue'
import type { RouteRecordRaw } from 'vue-router'
import { routes } from '@/router/routes'

const Stub = defineComponent({ render: () => h('div', [h('router-view')]) })

function stub(list: RouteRecordRaw[]): RouteRecordRaw[] {
  return list.map((r) => ({ ...r, component: Stub, children: r.children ? stub(r.children) : undefined }) as RouteRecordRaw)
}

export const stubRoutes = stub(routes)
