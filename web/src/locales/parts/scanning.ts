// Malware scanning as each file and the dashboard state it (issue 19 item 13):
// what the scan gate does is what the screen says.
import type { LocalePart } from '../part'

const part: LocalePart = {
  en: {
    conv: {
      media: {
        scanwait: 'Awaiting malware scan',
        scanwaitWhy: 'The malware scanner has not passed this file yet, so it cannot be opened. It opens once the scan finds it clean.',
        scanoff: 'Not scanned',
        scanoffWhy: 'Malware scanning is off and this corp does not serve unscanned files, so it cannot be opened.',
      },
    },
    dashboard: {
      scanOffTitle: 'Malware scanning is off: files are not scanned',
      scanOffText: 'No malware scanner (clamd) is configured. Every file in conversations is unscanned; where a corp allows it, files are served and flagged as unscanned. Set media.clamd to scan them.',
      scanDownTitle: 'The malware scanner is unreachable',
      scanDownText: 'New files wait and are not served until the scanner has passed them.',
    },
  },
  'zh-CN': {
    conv: {
      media: {
        scanwait: '等待病毒扫描',
        scanwaitWhy: '病毒扫描尚未通过该文件，暂不能打开；扫描确认安全后即可打开。',
        scanoff: '未扫描',
        scanoffWhy: '恶意代码扫描未开启，且该企业不提供未扫描的文件，因此不能打开。',
      },
    },
    dashboard: {
      scanOffTitle: '恶意代码扫描未开启：文件未经扫描',
      scanOffText: '未配置恶意代码扫描（clamd）。会话中的所有文件均未经扫描；企业允许时，文件照常提供并标记为“未扫描”。配置 media.clamd 后即可扫描。',
      scanDownTitle: '恶意代码扫描服务不可达',
      scanDownText: '新文件在扫描通过前会一直等待，不会提供下载或查看。',
    },
  },
}

export default part
