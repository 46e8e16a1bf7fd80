// Error codes added by later features (merged over en.ts / zh-CN.ts).
import type { LocalePart } from '../part'

const part: LocalePart = {
  en: {
    errors: {
      too_many_streams: 'Too many live views are open in this account. Close a tab with a live view and try again.',
      enrolment_invalid: 'This enrolment link is invalid, already used or expired. Ask an administrator for a new one.',
      current_credentials_wrong: 'The current password or authenticator code is wrong.',
      totp_code_wrong: 'The code does not match the new authenticator key. Check the app and try again.',
    },
  },
  'zh-CN': {
    errors: {
      too_many_streams: '该账号打开的实时视图过多。请关闭一个含实时进度的标签页后重试。',
      enrolment_invalid: '该注册链接无效、已使用或已过期。请联系管理员重新生成。',
      current_credentials_wrong: '当前密码或动态验证码错误。',
      totp_code_wrong: '验证码与新的身份验证器密钥不符，请检查后重试。',
    },
  },
}

export default part
