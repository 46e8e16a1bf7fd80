// Texts of Settings → data feeds (the lake feed and compliance formats).
import type { LocalePart } from '../part'

const part: LocalePart = {
  en: {
    admin: { settings: { tab: { feeds: 'Data feeds' } } },
    errors: { run_in_progress: 'A feed run of this corp is already in progress; try again when it ends.' },
    lake: {
      destination: 'Destination', backend: 'Storage', prefix: 'Path prefix', formats: 'Formats', schedule: 'Schedule',
      onDemand: 'On demand only', tables: 'Tables', settings: 'What the feed includes',
      mediaBytes: 'Copy media files (clean files only)', maskPii: 'Mask personal data (mobiles, e-mail, contact names)',
      saved: 'Feed settings saved (audited)', runNow: 'Run now', retry: 'Retry failed run',
      ran: 'Run {id}: {rows} rows written', nothingNew: 'Nothing new to export',
      watermarks: 'Watermarks', table: 'Table', watermark: 'Exported up to', nextPart: 'Next part', updated: 'Committed',
      runs: 'Runs', started: 'Started', finished: 'Finished', state: 'State', trigger: 'Trigger', rows: 'Rows', bytes: 'Bytes',
      files: 'Files', attempts: 'Attempts', error: 'Error', emptyTitle: 'No runs yet', emptyText: 'Run the feed once to see it here.',
      stateName: { running: 'Running', failed: 'Failed', done: 'Done' },
      feedFormats: 'Continuous compliance feed (each complete UTC day)',
      compliance: 'Compliance archive export', format: 'Format', range: 'Time range', exportSel: 'Export selection',
      exported: '{n} messages written in {files} files',
      formatName: { actiance: 'Actiance / Smarsh XML', eml: 'EML (Global Relay)', 'signed-jsonl': 'JSONL with signed manifest' },
    },
  },
  'zh-CN': {
    admin: { settings: { tab: { feeds: '数据推送' } } },
    errors: { run_in_progress: '该企业的数据推送正在运行，请在其结束后重试。' },
    lake: {
      destination: '目标位置', backend: '存储', prefix: '路径前缀', formats: '格式', schedule: '计划',
      onDemand: '仅手动运行', tables: '数据表', settings: '推送内容',
      mediaBytes: '复制媒体文件（仅限已扫描无毒的文件）', maskPii: '脱敏个人信息（手机号、邮箱、客户姓名）',
      saved: '推送设置已保存（已审计）', runNow: '立即运行', retry: '重试失败的运行',
      ran: '运行 {id}：已写入 {rows} 行', nothingNew: '没有新数据需要导出',
      watermarks: '水位线', table: '数据表', watermark: '已导出至', nextPart: '下一分片', updated: '提交时间',
      runs: '运行记录', started: '开始', finished: '结束', state: '状态', trigger: '触发方式', rows: '行数', bytes: '字节',
      files: '文件数', attempts: '尝试次数', error: '错误', emptyTitle: '暂无运行记录', emptyText: '运行一次推送后在此查看。',
      stateName: { running: '运行中', failed: '失败', done: '完成' },
      feedFormats: '持续合规归档推送（每个完整的 UTC 日）',
      compliance: '合规归档导出', format: '格式', range: '时间范围', exportSel: '导出所选范围',
      exported: '已写入 {n} 条消息，共 {files} 个文件',
      formatName: { actiance: 'Actiance / Smarsh XML', eml: 'EML（Global Relay）', 'signed-jsonl': '带签名清单的 JSONL' },
    },
  },
}

export default part
