// Error codes added by later features (merged over en.ts / zh-CN.ts).
import type { LocalePart } from '../part'

const part: LocalePart = {
  en: {
    errors: {
      too_many_streams: 'Too many live views are open in this account. Close a tab with a live view and try again.',
      media_scanning_off: 'Malware scanning is off and this corp does not serve unscanned files.',
      corp_name_mismatch: 'Type the corp\'s name exactly as shown to delete it.',
      corp_in_config: 'This corp is declared in the config file; remove it there (it would come back at the next start).',
      corp_has_data: 'This corp still has {messages} messages, {employees} employees, {contacts} contacts and {legal_holds} active legal holds, so it cannot be deleted.',
      enrolment_invalid: 'This enrolment link is invalid, already used or expired. Ask an administrator for a new one.',
      current_credentials_wrong: 'The current password or authenticator code is wrong.',
      totp_code_wrong: 'The code does not match the new authenticator key. Check the app and try again.',
    },
  },
  'zh-CN': {
    errors: {
      too_many_streams: '该账号打开的实时视图过多。请关闭一个含实时进度的标签页后重试。',
      media_scanning_off: '恶意代码扫描未开启，且该企业不提供未扫描的文件。',
      corp_name_mismatch: '请准确输入企业名称以确认删除。',
      corp_in_config: '该企业来自配置文件，请在配置文件中删除（否则下次启动会重新加入）。',
      corp_has_data: '该企业仍有 {messages} 条消息、{employees} 名员工、{contacts} 位客户、{legal_holds} 项生效的法律保全，不能删除。',
      enrolment_invalid: '该注册链接无效、已使用或已过期。请联系管理员重新生成。',
      current_credentials_wrong: '当前密码或动态验证码错误。',
      totp_code_wrong: '验证码与新的身份验证器密钥不符，请检查后重试。',
    },
  },
}

export default part
