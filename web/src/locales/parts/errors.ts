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
    },
  },
  'zh-CN': {
    errors: {
      too_many_streams: '该账号打开的实时视图过多。请关闭一个含实时进度的标签页后重试。',
      media_scanning_off: '恶意代码扫描未开启，且该企业不提供未扫描的文件。',
      corp_name_mismatch: '请准确输入企业名称以确认删除。',
      corp_in_config: '该企业来自配置文件，请在配置文件中删除（否则下次启动会重新加入）。',
      corp_has_data: '该企业仍有 {messages} 条消息、{employees} 名员工、{contacts} 位客户、{legal_holds} 项生效的法律保全，不能删除。',
    },
  },
}

export default part
