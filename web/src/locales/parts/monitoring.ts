// Texts of the Monitoring section: the alert queue, an alert's detail and
// its dialogs, QC sample, dashboard tiles, catalog, policy and settings.
import type { LocalePart } from '../part'

const en = {
  nav: { monitoring: 'Monitoring' },
  errors: {
    case_number_required: 'An AE report needs the safety case number.',
    four_eyes: 'A second person must approve this: the reviewer who closed it cannot.',
    alert_state: 'Not allowed in the alert\'s current state; reload it.',
    invalid_document: 'Not applied (the version in force stays): {message}',
  },
  mon: {
    title: 'Monitoring',
    cancel: 'Cancel',
    subtitle: 'Adverse events, off-label promotion, bribery and patient data flagged in conversations',
    tab: { queue: 'Review queue', qc: 'QC sample', dashboard: 'Dashboard', products: 'Product catalog', policy: 'Rules & lexicons', settings: 'Settings' },
    label: { ae: 'Adverse event', offlabel: 'Off-label', bribery: 'Bribery', pii: 'Patient data' },
    severity: { high: 'High', medium: 'Medium', low: 'Low' },
    state: { open: 'Open', in_review: 'In review', closed: 'Closed' },
    disposition: {
      false_positive: 'False positive', no_action: 'No action', coaching: 'Coaching', escalated: 'Escalated',
      ae_reported: 'AE reported', reported_to_medical_information: 'Referred to Medical Information',
    },
    filter: {
      label: 'Label', severity: 'Severity', state: 'State', assignee: 'Assignee', employee: 'Employee', department: 'Department',
      product: 'Product', overdue: 'Overdue only', reset: 'Reset',
    },
    col: { id: '#', labels: 'Labels', severity: 'Severity', state: 'State', employee: 'Employee', msgtime: 'Message time',
      due: 'Due', assignee: 'Assignee', evidence: 'Evidence', disposition: 'Disposition' },
    overdue: 'Overdue',
    overdueCount: '{n} overdue in this list',
    qcTag: 'QC',
    empty: 'No alerts match these filters',
    emptyQC: 'No QC sample yet: it is drawn from unflagged conversations each period',
    qcNote: 'A blind random sample of unflagged conversations, reviewed like alerts, so miss rates can be measured.',
    bulk: { fp: 'Mark {n} as false positive', title: 'Mark as false positive', note: 'Why (kept in each alert\'s history)', done: '{n} alerts closed as false positive' },
    detail: {
      title: 'Alert #{id}', back: 'Back to queue', message: 'Flagged message', context: 'Conversation around the message',
      openThread: 'Open the conversation', hits: 'Why it was flagged', rule: 'Rule', matched: 'Matched', product: 'Product',
      notes: 'Notes', addNote: 'Add note', notePlaceholder: 'A note for the file (who, what, why)', history: 'History',
      approvals: 'Approvals', needsApproval: 'Awaiting second approval (four eyes)', approve: 'Approve closure',
      approveTitle: 'Approve the closure', approveNote: 'Approval note', approved: 'Closure approved',
      assign: 'Assign', assignTo: 'Assign to (username)', assignToMe: 'Assign to me', assigned: 'Assigned to {who}',
      dispose: 'Disposition', intakeJson: 'AE intake (JSON)', intakeCsv: 'AE intake (CSV)', awareness: 'Awareness time',
      due: 'Due', created: 'Raised', noteAdded: 'Note added', caseNumber: 'Safety case number',
    },
    dialog: {
      title: 'Disposition', disposition: 'Decision', caseNumber: 'Safety case number', caseRequired: 'Give the safety database case number.',
      note: 'Note', save: 'Save decision', saved: 'Decision saved', fourEyes: 'AE alerts are closed only after a second person approves.',
    },
    dash: {
      perThousand: 'Alerts per 1,000 messages', openOverdue: 'Open / overdue', median: 'Median time to disposition',
      fpRate: 'False-positive rate by rule', perDay: 'Alerts per day', open: 'Open', overdue: 'Overdue', none: 'No data yet',
      inReview: 'In review ({n} awaiting approval)',
      hours: '{n} h', minutes: '{n} min', messages: '{n} messages in the period',
    },
    doc: {
      products: 'Product catalog', productsNote: 'The corp\'s products with their approved label facts (YAML or JSON). Off-label detection is judged against it.',
      policy: 'Rules and lexicons', policyNote: 'Terms, synonyms, proximity windows, negation cues and allow-lists (YAML or JSON). Each save is a new version; the previous one stays in force if this one is refused.',
      save: 'Save', saved: 'Saved; the new version is in force', reload: 'Discard changes',
      versions: 'Versions', test: 'Test on this text', testPlaceholder: 'Paste a message to see what the edited rules flag',
      runTest: 'Test', noFlag: 'Nothing flagged', preview: 'Preview on history', previewResult: '{n} historical messages would be flagged',
      previewDetail: '(of the newest {messages}; in force now: {current}; +{added} / −{removed})',
      runHistory: 'Run over history', runStarted: 'Retroactive run started; its progress is shown below', parseError: 'Not valid JSON: {message}',
    },
    run: {
      title: 'Retroactive run #{id}', progress: '{done} of {total} messages', counting: 'Counting messages…',
      result: '{messages} messages classified, {created} new alerts', failed: 'The run failed: {error}', retrying: 'Attempt {n}; retrying after: {error}',
      state: { queued: 'Queued', running: 'Running', succeeded: 'Finished', failed: 'Failed, will retry', dead: 'Failed', cancelled: 'Cancelled' },
    },
    settings: {
      fourEyes: 'Four eyes for AE closure', aeDueDays: 'AE hand-off due (calendar days)', qcRate: 'QC sample rate (%)', saved: 'Settings saved',
    },
    thread: { flagged: 'Flagged', open: 'Open alert #{id}' },
    action: { created: 'raised the alert', alert_assign: 'assigned', alert_disposition: 'decided', alert_note: 'added a note',
      alert_approve: 'approved (four eyes)', alert_bulk: 'bulk decision', alert_close: 'closed' },
  },
}

const zhCN: typeof en = {
  nav: { monitoring: '监控告警' },
  errors: {
    case_number_required: '上报不良事件需填写安全性数据库病例编号。',
    four_eyes: '需由另一人审批：处置人本人不能审批。',
    alert_state: '告警当前状态不允许此操作，请刷新后重试。',
    invalid_document: '未生效（现行版本保持不变）：{message}',
  },
  mon: {
    title: '监控告警',
    cancel: '取消',
    subtitle: '会话中的不良事件、超说明书推广、商业贿赂与患者隐私信息',
    tab: { queue: '审核队列', qc: '质控抽样', dashboard: '统计看板', products: '产品目录', policy: '规则与词库', settings: '设置' },
    label: { ae: '不良事件', offlabel: '超说明书', bribery: '商业贿赂', pii: '患者隐私' },
    severity: { high: '高', medium: '中', low: '低' },
    state: { open: '待处理', in_review: '审核中', closed: '已关闭' },
    disposition: {
      false_positive: '误报', no_action: '无需处理', coaching: '辅导', escalated: '已升级',
      ae_reported: '已上报不良事件', reported_to_medical_information: '已转医学信息部',
    },
    filter: {
      label: '标签', severity: '严重程度', state: '状态', assignee: '处理人', employee: '员工', department: '部门',
      product: '产品', overdue: '仅看逾期', reset: '重置',
    },
    col: { id: '#', labels: '标签', severity: '严重程度', state: '状态', employee: '员工', msgtime: '消息时间',
      due: '截止时间', assignee: '处理人', evidence: '命中内容', disposition: '处置结果' },
    overdue: '已逾期',
    overdueCount: '本列表中 {n} 条已逾期',
    qcTag: '质控',
    empty: '没有符合条件的告警',
    emptyQC: '暂无质控样本：每个周期从未标记的会话中抽取',
    qcNote: '从未被标记的会话中盲抽的随机样本，与告警一样审核，用于测算漏报率。',
    bulk: { fp: '将 {n} 条标为误报', title: '标为误报', note: '原因（记入每条告警的历史）', done: '已将 {n} 条告警作为误报关闭' },
    detail: {
      title: '告警 #{id}', back: '返回队列', message: '被标记的消息', context: '消息前后的会话',
      openThread: '打开会话', hits: '标记原因', rule: '规则', matched: '命中文本', product: '产品',
      notes: '备注', addNote: '添加备注', notePlaceholder: '记录备注（谁、什么、为什么）', history: '处理历史',
      approvals: '审批', needsApproval: '等待第二人审批（四眼原则）', approve: '审批关闭',
      approveTitle: '审批关闭', approveNote: '审批意见', approved: '已审批关闭',
      assign: '分配', assignTo: '分配给（用户名）', assignToMe: '分配给我', assigned: '已分配给 {who}',
      dispose: '处置', intakeJson: '不良事件受理表（JSON）', intakeCsv: '不良事件受理表（CSV）', awareness: '获知时间',
      due: '截止时间', created: '告警时间', noteAdded: '备注已添加', caseNumber: '安全性病例编号',
    },
    dialog: {
      title: '处置', disposition: '处置结果', caseNumber: '安全性病例编号', caseRequired: '请填写安全性数据库中的病例编号。',
      note: '备注', save: '保存处置', saved: '处置已保存', fourEyes: '不良事件告警需经第二人审批后才关闭。',
    },
    dash: {
      perThousand: '每千条消息告警数', openOverdue: '待处理 / 逾期', median: '处置时长中位数',
      fpRate: '各规则误报率', perDay: '每日告警', open: '待处理', overdue: '逾期', none: '暂无数据',
      inReview: '审核中（{n} 条待审批）',
      hours: '{n} 小时', minutes: '{n} 分钟', messages: '期间共 {n} 条消息',
    },
    doc: {
      products: '产品目录', productsNote: '本企业的产品及其说明书核准信息（YAML 或 JSON），超说明书检测以此为准。',
      policy: '规则与词库', policyNote: '词条、同义词、邻近窗口、否定词与白名单（YAML 或 JSON）。每次保存生成新版本；若被拒绝，原版本继续生效。',
      save: '保存', saved: '已保存，新版本已生效', reload: '放弃修改',
      versions: '版本', test: '用这段文字测试', testPlaceholder: '粘贴一条消息，查看修改后的规则会标记什么',
      runTest: '测试', noFlag: '未标记', preview: '在历史数据上预览', previewResult: '历史消息中将有 {n} 条被标记',
      previewDetail: '（最近 {messages} 条消息中；现行规则 {current} 条；新增 {added} / 减少 {removed}）',
      runHistory: '对历史数据重新检测', runStarted: '已开始回溯检测，进度见下方', parseError: 'JSON 格式错误：{message}',
    },
    run: {
      title: '回溯检测 #{id}', progress: '已处理 {done} / {total} 条消息', counting: '正在统计消息数…',
      result: '共检测 {messages} 条消息，新增 {created} 条告警', failed: '检测失败：{error}', retrying: '第 {n} 次尝试；上次失败原因：{error}',
      state: { queued: '排队中', running: '进行中', succeeded: '已完成', failed: '失败，将重试', dead: '失败', cancelled: '已取消' },
    },
    settings: {
      fourEyes: '不良事件关闭需四眼审批', aeDueDays: '不良事件移交期限（自然日）', qcRate: '质控抽样比例（%）', saved: '设置已保存',
    },
    thread: { flagged: '已标记', open: '查看告警 #{id}' },
    action: { created: '生成告警', alert_assign: '分配', alert_disposition: '处置', alert_note: '添加备注',
      alert_approve: '审批（四眼）', alert_bulk: '批量处置', alert_close: '关闭' },
  },
}

export default { en, 'zh-CN': zhCN } satisfies LocalePart
