import { afterEach, describe, expect, test, vi } from 'vitest'
import { effectScope } from 'vue'
import { fakeMatchMedia } from '@/test/media'
import { useMediaQuery } from './useMediaQuery'

describe('useMediaQuery', () => {
  afterEach(() => vi.unstubAllGlobals())

  test('follows the media query and stops listening when the scope ends', () => {
    const media = fakeMatchMedia(375)
    const scope = effectScope()
    const narrow = scope.run(() => useMediaQuery('(max-width: 768px)'))!
    expect(narrow.value).toBe(true)
    media.resize(1280)
    expect(narrow.value).toBe(false)
    scope.stop()
    media.resize(375)
    expect(narrow.value).toBe(false)
  })
})
