// Human labels of the audit action catalog (internal/audit/action.go), keyed
// by the code with "." as "_" (auth.login → auth_login). A Go test
// (internal/audit TestEveryActionHasALabel) fails when a catalogued action
// has no label here; the UI falls back to the code for one it does not know.
import type { LocalePart } from '../part'

const part: LocalePart = {
  en: {
    audit: {
      query: 'Search query', actionPick: 'Action', actionAny: 'Any action',
      action: {
        auth_login: 'Sign-in', auth_logout: 'Sign-out', auth_logout_all: 'All sessions ended', auth_denied: 'Access denied',
        admin_create: 'Admin created', admin_update_roles: 'Admin roles changed', admin_disable: 'Admin disabled', admin_enable: 'Admin enabled',
        admin_oidc_link: 'Identity-provider account linked',
        auth_password_change: 'Own password changed', auth_totp_change: 'Own authenticator changed',
        enrolment_create: 'Enrolment link created', enrolment_use: 'Enrolment link used', enrolment_expire: 'Enrolment link expired',
        token_create: 'API token created', token_revoke: 'API token revoked',
        audit_export: 'Audit trail exported', audit_verify: 'Audit chain verified', audit_checkpoint: 'Audit checkpoint signed',
        corp_create: 'Corp added', corp_update: 'Corp changed', corp_delete: 'Corp deleted', settings_update: 'Settings changed',
        corp_archive_update: 'Corp archive settings changed', corp_archive_key_add: 'Archive key added',
        employee_create: 'Employee account created', employee_update: 'Employee account updated', employee_disable: 'Employee account disabled',
        employee_delete: 'Employee account deleted', hrsync_run: 'HR sync run', licence_assign: 'Archive licence assigned', tfa_verify: 'Second-factor check',
        hrsync_removal_override: 'HR removal limit overridden by a second person',
        contact_transfer: 'Customer handover', welcome_update: 'Welcome message changed', wecom_write: 'Other WeCom change',
        messages_search: 'Messages searched', conversation_open: 'Conversation read', conversation_list: 'Conversation list read', media_play: 'Voice or video played',
        media_download: 'File downloaded', media_quarantine: 'File quarantined (malware)', media_transcript: 'Transcript read',
        alert_create: 'Alert raised', alert_close: 'Alert closed',
        alert_list: 'Alert queue read', alert_view: 'Alert read', alert_assign: 'Alert assigned',
        alert_disposition: 'Alert dispositioned', alert_note: 'Alert note added', alert_approve: 'Alert disposition approved',
        alert_intake_export: 'AE intake record exported', monitoring_update: 'Monitoring catalog, policy or settings changed',
        monitoring_test: 'Monitoring policy tested', monitoring_run: 'Monitoring run over history started',
        export_request: 'Export requested', export_approve: 'Export approved', export_reject: 'Export rejected',
        export_generate: 'Export generated', export_download: 'Export downloaded', export_expire: 'Export expired',
        job_run: 'Job run', retention_update: 'Retention rule changed', retention_purge: 'Retention purge',
        job_retry: 'Job retried', job_cancel: 'Job cancelled',
        hold_create: 'Legal hold placed', hold_update: 'Legal hold changed', hold_release: 'Legal hold released',
        lake_export: 'Data feed run or archive export', lake_settings_update: 'Data feed settings changed',
      },
    },
  },
  'zh-CN': {
    audit: {
      query: '检索词', actionPick: '操作', actionAny: '全部操作',
      action: {
        auth_login: '登录', auth_logout: '退出登录', auth_logout_all: '结束全部会话', auth_denied: '拒绝访问',
        admin_create: '创建管理员', admin_update_roles: '修改管理员角色', admin_disable: '停用管理员', admin_enable: '启用管理员',
        admin_oidc_link: '关联身份提供方账号',
        auth_password_change: '修改本人密码', auth_totp_change: '更换本人身份验证器',
        enrolment_create: '创建注册链接', enrolment_use: '使用注册链接', enrolment_expire: '注册链接过期',
        token_create: '创建 API 令牌', token_revoke: '吊销 API 令牌',
        audit_export: '导出审计记录', audit_verify: '校验审计链', audit_checkpoint: '签署审计检查点',
        corp_create: '添加企业', corp_update: '修改企业', corp_delete: '删除企业', settings_update: '修改设置',
        corp_archive_update: '修改会话存档设置', corp_archive_key_add: '添加存档密钥',
        employee_create: '创建员工账号', employee_update: '更新员工账号', employee_disable: '停用员工账号',
        employee_delete: '删除员工账号', hrsync_run: '执行 HR 同步', licence_assign: '分配存档许可', tfa_verify: '二次验证',
        hrsync_removal_override: '由第二人越过 HR 移除上限',
        contact_transfer: '客户继承', welcome_update: '修改欢迎语', wecom_write: '其他企业微信变更',
        messages_search: '检索消息', conversation_open: '查看会话', conversation_list: '查看会话列表', media_play: '播放语音或视频',
        media_download: '下载文件', media_quarantine: '隔离文件（恶意软件）', media_transcript: '查看转写',
        alert_create: '产生告警', alert_close: '关闭告警',
        alert_list: '查看告警列表', alert_view: '查看告警', alert_assign: '分派告警',
        alert_disposition: '处置告警', alert_note: '添加告警备注', alert_approve: '复核批准告警处置',
        alert_intake_export: '导出不良事件收集表', monitoring_update: '修改监控产品目录、规则或设置',
        monitoring_test: '测试监控规则', monitoring_run: '启动历史消息监控运行',
        export_request: '申请导出', export_approve: '批准导出', export_reject: '驳回导出',
        export_generate: '生成导出', export_download: '下载导出', export_expire: '导出过期',
        job_run: '执行任务', retention_update: '修改保留规则', retention_purge: '按保留规则清理',
        job_retry: '重试任务', job_cancel: '取消任务',
        hold_create: '设立诉讼保全', hold_update: '修改诉讼保全', hold_release: '解除诉讼保全',
        lake_export: '数据推送运行或归档导出', lake_settings_update: '修改数据推送设置',
      },
    },
  },
}

export default part
