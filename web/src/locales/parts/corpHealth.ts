// A corp's health on the dashboard and its deletion (issue 19 item 14).
import type { LocalePart } from '../part'

const part: LocalePart = {
  en: {
    corpHealth: {
      not_configured: 'Not configured',
      incomplete: 'Set-up incomplete',
      missingText: 'Missing: {list}. Add them under Settings → Corps.',
      missing: { contacts: 'contacts secret', app: 'app secret', archive: 'archive secret', archive_key: 'archive private key' },
      lastMessage: 'Last message: {time}',
      lagBasis: {
        caught_up: 'Time since the last pull that reached the end of the archive. A quiet corp that pulls fine stays green.',
        last_message: 'No pull has caught up yet: time since the newest stored message.',
        none: 'No pull yet.',
      },
    },
    corpDelete: {
      button: 'Delete',
      title: 'Delete corp {name}',
      intro: 'This removes the corp, its secrets, archive keys and settings. A corp with messages, employees, contacts or legal holds cannot be deleted. The deletion is recorded in the audit trail.',
      typeName: 'Type the corp\'s name, {name}, to confirm',
      confirm: 'Delete corp',
      done: 'Corp {name} deleted',
      configOnly: 'Declared in the config file: remove it there',
    },
  },
  'zh-CN': {
    corpHealth: {
      not_configured: '未配置',
      incomplete: '配置不完整',
      missingText: '缺少：{list}。请在“设置 → 企业”中补充。',
      missing: { contacts: '通讯录密钥', app: '应用密钥', archive: '会话存档密钥', archive_key: '存档私钥' },
      lastMessage: '最后一条消息：{time}',
      lagBasis: {
        caught_up: '距最近一次拉取到存档末尾的时间。没有新消息但拉取正常的企业保持绿色。',
        last_message: '尚无一次拉取追上存档：按最新已存消息计算。',
        none: '尚未拉取。',
      },
    },
    corpDelete: {
      button: '删除',
      title: '删除企业 {name}',
      intro: '将删除该企业及其密钥、存档私钥和设置。仍有消息、员工、客户或法律保全的企业不能删除。删除操作会记入审计日志。',
      typeName: '请输入企业名称“{name}”以确认',
      confirm: '删除企业',
      done: '已删除企业 {name}',
      configOnly: '来自配置文件：请在配置文件中删除',
    },
  },
}

export default part
