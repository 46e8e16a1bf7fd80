// Error codes added by later features (merged over en.ts / zh-CN.ts).
import type { LocalePart } from '../part'

const part: LocalePart = {
  en: {
    errors: {
      too_many_streams: 'Too many live views are open in this account. Close a tab with a live view and try again.',
      media_scanning_off: 'Malware scanning is off and this corp does not serve unscanned files.',
    },
  },
  'zh-CN': {
    errors: {
      too_many_streams: '该账号打开的实时视图过多。请关闭一个含实时进度的标签页后重试。',
      media_scanning_off: '恶意代码扫描未开启，且该企业不提供未扫描的文件。',
    },
  },
}

export default part
