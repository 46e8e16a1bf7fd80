// Texts of voice transcripts in the thread view (merged over en.ts / zh-CN.ts).
import type { LocalePart } from '../part'

const part: LocalePart = {
  en: {
    stt: {
      label: 'Transcript', engine: 'by {engine}', confidence: 'confidence {n}%',
      pending: 'Transcribing…',
    },
  },
  'zh-CN': {
    stt: {
      label: '语音转写', engine: '由 {engine} 转写', confidence: '置信度 {n}%',
      pending: '正在转写…',
    },
  },
}

export default part
