// Texts of the app frame at phone width and of the name pickers (merged over en.ts / zh-CN.ts).
import type { LocalePart } from '../part'

const part: LocalePart = {
  en: {
    layout: { menu: 'Menu' },
    conv: { nameHint: 'Name or id', roomNameHint: 'Group name or id', export: { lang: 'File language' } },
    admin: { holds: { pickHint: 'Type a name to search; an id can be typed as is. A hold naming nobody known is refused.' } },
  },
  'zh-CN': {
    layout: { menu: '菜单' },
    conv: { nameHint: '输入姓名或 ID', roomNameHint: '输入群名或群 ID', export: { lang: '文件语言' } },
    admin: { holds: { pickHint: '输入姓名搜索，也可直接输入 ID；无法匹配任何人的保全会被拒绝。' } },
  },
}

export default part
