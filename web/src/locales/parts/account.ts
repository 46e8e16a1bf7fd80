// The enrolment page and the account page (own password and authenticator).
import type { LocalePart } from '../part'

const part: LocalePart = {
  en: {
    nav: { account: 'My account' },
    enrol: {
      title: 'Set up your account',
      intro: 'Choose your own password and add the portal to your authenticator app. Nobody else, administrators included, learns either.',
      account: 'Account', expires: 'This link works once, until {time}.',
      keyHint: 'Add this key to your authenticator app (e.g. Microsoft Authenticator, Google Authenticator), then enter the 6-digit code it shows.',
      password: 'New password', passwordRepeat: 'Repeat the password', code: 'Code from the app',
      passwordShort: 'At least 12 characters.', passwordMismatch: 'The two passwords differ.', codeInvalid: 'Enter the 6-digit code.',
      submit: 'Finish set-up', done: 'Your account is ready. Sign in with your password and a code from the app.', toLogin: 'Go to sign-in',
      noToken: 'This page needs the enrolment link you were sent.',
    },
    account: {
      title: 'My account', oidc: 'You sign in through your organisation\'s identity provider; change your password there.',
      password: 'Change password', current: 'Current password', code: 'Current code from the app', newPassword: 'New password',
      passwordChanged: 'Password changed. Your other sessions were signed out.',
      totp: 'Move to a new authenticator', totpIntro: 'Your current authenticator keeps working until you confirm with a code from each.',
      totpStart: 'Show a new key', newKey: 'New key', currentCode: 'Code from the current app', newCode: 'Code from the new app',
      totpConfirm: 'Confirm', totpChanged: 'Authenticator changed. Your other sessions were signed out.',
    },
    admin: { admins: {
      enrolOnce: 'Send {name} this one-time link (valid until {time}). They set their own password and authenticator; you never see either.',
      copyLink: 'Copy link', copied: 'Link copied', enrolLink: 'Enrolment link', enrolReset: 'New enrolment link',
      enrolResetConfirm: 'Make a new enrolment link for {name}? Earlier links stop working.',
    } },
  },
  'zh-CN': {
    nav: { account: '我的账号' },
    enrol: {
      title: '设置您的账号',
      intro: '请自行设置密码，并将门户添加到身份验证器应用。包括管理员在内，任何人都无法得知这两项。',
      account: '账号', expires: '此链接仅可使用一次，有效期至 {time}。',
      keyHint: '请将此密钥添加到身份验证器应用（如 Microsoft Authenticator、Google 身份验证器），然后输入应用显示的 6 位验证码。',
      password: '新密码', passwordRepeat: '再次输入密码', code: '应用中的验证码',
      passwordShort: '至少 12 个字符。', passwordMismatch: '两次输入的密码不一致。', codeInvalid: '请输入 6 位验证码。',
      submit: '完成设置', done: '账号已就绪。请使用您的密码和应用中的验证码登录。', toLogin: '前往登录',
      noToken: '此页面需要您收到的注册链接。',
    },
    account: {
      title: '我的账号', oidc: '您通过单位的身份提供方登录，请在那里修改密码。',
      password: '修改密码', current: '当前密码', code: '应用中的当前验证码', newPassword: '新密码',
      passwordChanged: '密码已修改，您的其他会话已退出。',
      totp: '更换身份验证器', totpIntro: '在您用新旧两个应用的验证码确认之前，当前的身份验证器仍然有效。',
      totpStart: '显示新密钥', newKey: '新密钥', currentCode: '当前应用的验证码', newCode: '新应用的验证码',
      totpConfirm: '确认', totpChanged: '身份验证器已更换，您的其他会话已退出。',
    },
    admin: { admins: {
      enrolOnce: '请将此一次性链接发送给 {name}（有效期至 {time}）。对方自行设置密码和身份验证器，您不会看到其中任何一项。',
      copyLink: '复制链接', copied: '链接已复制', enrolLink: '注册链接', enrolReset: '重新生成注册链接',
      enrolResetConfirm: '为 {name} 生成新的注册链接？之前的链接将失效。',
    } },
  },
}

export default part
