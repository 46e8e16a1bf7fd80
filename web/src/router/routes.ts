// Every page of the portal. Route meta is the single source of the side
// menu: title (an i18n key), icon (an Element Plus icon name) and the
// permission the page needs (any of a list).
import type { RouteRecordRaw } from 'vue-router'

declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    icon?: string
    permission?: string | string[]
    /** Shown in the side menu. */
    menu?: boolean
    /** Reachable without a session. */
    public?: boolean
  }
}

export const appRoutes: RouteRecordRaw[] = [
  { path: '', name: 'dashboard', component: () => import('@/views/DashboardView.vue'),
    meta: { title: 'nav.dashboard', icon: 'Odometer', permission: 'status:read', menu: true } },
  { path: 'employees', name: 'employees', component: () => import('@/views/EmployeesView.vue'),
    meta: { title: 'nav.employees', icon: 'User', permission: 'employees:read', menu: true } },
  { path: 'employees/import', name: 'hr-import', component: () => import('@/views/HrImportView.vue'),
    meta: { title: 'nav.hrImport', icon: 'Upload', permission: 'hrsync:run' } },
  { path: 'licences', name: 'licences', component: () => import('@/views/LicencesView.vue'),
    meta: { title: 'nav.licences', icon: 'Tickets', permission: 'licences:read', menu: true } },
  { path: 'contacts', name: 'contacts', component: () => import('@/views/ContactsView.vue'),
    meta: { title: 'nav.contacts', icon: 'Connection', permission: 'contacts:read', menu: true } },
  { path: 'handover', name: 'handover', component: () => import('@/views/HandoverView.vue'),
    meta: { title: 'nav.handover', icon: 'Switch', permission: 'transfers:write', menu: true } },
  { path: 'welcome', name: 'welcome', component: () => import('@/views/WelcomeView.vue'),
    meta: { title: 'nav.welcome', icon: 'ChatLineSquare', permission: 'contacts:read', menu: true } },
  { path: 'conversations', name: 'conversations', component: () => import('@/views/ConversationsView.vue'),
    meta: { title: 'nav.conversations', icon: 'ChatDotRound', permission: 'messages:read', menu: true } },
  { path: 'monitoring', name: 'monitoring', component: () => import('@/views/monitoring/MonitoringView.vue'),
    meta: { title: 'nav.monitoring', icon: 'Warning', permission: ['alerts:read', 'alerts:write'], menu: true } },
  { path: 'monitoring/alerts/:id', name: 'monitoring-alert', component: () => import('@/views/monitoring/AlertDetailView.vue'),
    meta: { title: 'nav.monitoring', icon: 'Warning', permission: ['alerts:read', 'alerts:write'] } },
  { path: 'exports', name: 'exports', component: () => import('@/views/ExportsView.vue'),
    meta: { title: 'nav.exports', icon: 'Download', permission: ['exports:create', 'exports:approve'], menu: true } },
  { path: 'audit', name: 'audit', component: () => import('@/views/AuditView.vue'),
    meta: { title: 'nav.audit', icon: 'Stamp', permission: 'audit:read', menu: true } },
  { path: 'jobs', name: 'jobs', component: () => import('@/views/JobsView.vue'),
    meta: { title: 'nav.jobs', icon: 'Timer', permission: 'jobs:read', menu: true } },
  { path: 'settings', name: 'settings', component: () => import('@/views/SettingsView.vue'),
    meta: { title: 'nav.settings', icon: 'Setting', permission: ['corps:write', 'admins:read', 'settings:write'], menu: true } },
  { path: 'account', name: 'account', component: () => import('@/views/AccountView.vue'),
    meta: { title: 'nav.account', icon: 'UserFilled' } },
  { path: '403', name: 'forbidden', component: () => import('@/views/ErrorView.vue'), props: { code: 403 },
    meta: { title: 'error.403.title' } },
  { path: '500', name: 'server-error', component: () => import('@/views/ErrorView.vue'), props: { code: 500 },
    meta: { title: 'error.500.title', public: true } },
  { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('@/views/ErrorView.vue'), props: { code: 404 },
    meta: { title: 'error.404.title' } },
]

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'),
    meta: { title: 'login.title', public: true } },
  // Opened from a one-time enrolment link (the token is in the fragment).
  { path: '/enrol', name: 'enrol', component: () => import('@/views/EnrolView.vue'),
    meta: { title: 'enrol.title', public: true } },
  { path: '/', component: () => import('@/components/AppLayout.vue'), children: appRoutes },
]
