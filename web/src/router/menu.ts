// The side menu is derived from route meta and the user's permissions, so
// nobody sees a page the server would refuse.
import type { RouteRecordRaw } from 'vue-router'

export interface MenuItem {
  name: string
  path: string
  title: string
  icon?: string
}

export function allowed(permission: string | string[] | undefined, granted: ReadonlySet<string>): boolean {
  if (!permission || permission.length === 0) return true
  const list = Array.isArray(permission) ? permission : [permission]
  return list.some((p) => granted.has(p))
}

export function menuItems(routes: RouteRecordRaw[], granted: ReadonlySet<string>, base = '/'): MenuItem[] {
  return routes
    .filter((r) => r.meta?.menu && allowed(r.meta.permission, granted))
    .map((r) => ({
      name: String(r.name),
      path: base + r.path,
      title: r.meta!.title ?? String(r.name),
      icon: r.meta!.icon,
    }))
}
