// The shape every locale part exports: the same message tree in both languages.
export interface LocalePart {
  en: Record<string, unknown>
  'zh-CN': Record<string, unknown>
}
