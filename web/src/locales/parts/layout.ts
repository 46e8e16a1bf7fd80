// Texts of the app frame at phone width (merged over en.ts / zh-CN.ts).
import type { LocalePart } from '../part'

const part: LocalePart = {
  en: { layout: { menu: 'Menu' } },
  'zh-CN': { layout: { menu: '菜单' } },
}

export default part
