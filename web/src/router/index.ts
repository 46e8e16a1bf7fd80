import { createRouter, createWebHistory, type Router } from 'vue-router'
import { routes } from './routes'
import { navigationGuard } from './guard'

export function makeRouter(): Router {
  const router = createRouter({ history: createWebHistory(), routes })
  router.beforeEach(navigationGuard)
  return router
}
