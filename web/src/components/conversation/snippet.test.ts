import { describe, expect, test } from 'vitest'
import { mount } from '@vue/test-utils'
import SnippetText from './SnippetText.vue'
import { decodeEntities, splitSnippet } from './snippet'

describe('snippets', () => {
  test('splits marks from text and decodes entities', () => {
    expect(splitSnippet('李<mark>医生</mark>，&#34;下周&#34; &amp; more')).toEqual([
      { text: '李', mark: false }, { text: '医生', mark: true }, { text: '，"下周" & more', mark: false },
    ])
    expect(decodeEntities('&lt;b&gt;&#x4e2d;&nope;')).toBe('<b>中&nope;')
  })

  test('renders only <mark> elements, whatever the snippet holds', () => {
    const w = mount(SnippetText, { props: { snippet: '<img src=x onerror=alert(1)><mark>医生</mark>&lt;script&gt;' } })
    expect(w.findAll('mark').map((m) => m.text())).toEqual(['医生'])
    expect(w.find('img').exists()).toBe(false)
    expect(w.find('script').exists()).toBe(false)
    expect(w.text()).toContain('<img src=x onerror=alert(1)>')
  })
})
