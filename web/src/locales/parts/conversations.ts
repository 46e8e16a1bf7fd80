// Texts of the conversation review workspace (merged over en.ts / zh-CN.ts).
import type { LocalePart } from '../part'

const part: LocalePart = {
  en: {
    conv: {
      filters: 'Filters', clearFilters: 'Clear', idHint: 'userid or external userid', room: 'Group', roomHint: 'Group chat id',
      hasMedia: 'Has media', recalled: 'Recalled', consent: 'Consent', yes: 'Yes', no: 'No',
      consentState: { agreed: 'Consented', refused: 'Refused', none: 'No consent', unknown: 'Consent unknown' },
      resultsTitle: 'Search results', total: '{n} messages', totalAbout: 'about {n} messages',
      searchHint: 'Search message text, file names and transcripts: one or two Chinese characters work (e.g. 医生). Words are combined with AND; A OR B (or A | B) finds either; "quoted phrase"; -word excludes. Without keywords the message filters (type, time, media, recalled, consent) list matching messages and the people filters narrow the conversation list.',
      byEmployee: 'By employee', byContact: 'By customer', byGroup: 'Groups', unnamedGroup: 'Unnamed group', members: '{n} members',
      noGroupsText: 'No archived group chats match.', exportHere: 'Export from here',
      loadingOlder: 'Loading earlier messages…', loadingNewer: 'Loading later messages…',
      recalledTag: 'Recalled', recalledAt: 'recalled {time}; the original is kept for review', showOriginal: 'Show original',
      notice: {
        revoke: '{who} recalled a message', agree: '{who} agreed to conversation archiving', disagree: '{who} refused conversation archiving',
        switch: '{who} switched enterprise',
      },
      media: {
        ok: 'Scanned clean', unscanned: 'Not scanned', blocked: 'Blocked', pending: 'Not downloaded yet', failed: 'Download failed',
        okWhy: '', unscannedWhy: 'Malware scanning is off: this file was not scanned. Open it with care.',
        blockedWhy: 'Malware was found; the file is quarantined and cannot be opened or downloaded.',
        pendingWhy: 'The archive has not fetched this file yet.', failedWhy: 'Fetching this file from WeCom failed; see Jobs.',
        noAudio: 'Audio not available',
      },
      seconds: '{n} s', transcript: 'Show transcript', transcriptEmpty: '(empty transcript)', noTranscript: 'No transcript yet',
      transcriptError: 'Transcript could not be loaded',
      call: {
        meeting_voice_call: 'Voice call', voiptext: 'Audio/video call', voip_doc_share: 'File shared in a call', screen: 'Screen share',
        duration: 'Duration {n} s', invite1: 'one-to-one voice', invite2: 'one-to-one video', invite3: 'group voice', invite4: 'group video',
      },
      download: 'Download', rawType: 'Type "{type}" is shown as archived (raw JSON)', expand: 'Expand', collapse: 'Collapse',
      recordItems: 'Show {n} messages', close: 'Close',
      field: {
        description: 'Description', link_url: 'Link', displayname: 'Mini program', corpname: 'Company', userid: 'User',
        address: 'Address', latitude: 'Latitude', longitude: 'Longitude', content: 'Content', voteitem: 'Options', votetype: 'Vote type',
        room_name: 'Group', creator: 'Creator', create_time: 'Created', details: 'Questions', totalcnt: 'Packets',
        totalamount: 'Amount (¥)', type: 'Type', starttime: 'Starts', endtime: 'Ends', remarks: 'Remarks', meetingid: 'Meeting id',
        doc_creator: 'Author', item: 'Articles', place: 'Place', creatorname: 'Organiser', attendeename: 'Attendees',
        feed_desc: 'Description', feed_type: 'Feed type',
      },
      export: {
        title: 'Export', what: 'What', conversation: 'This conversation', search: 'The current search result', format: 'Format',
        withMedia: 'Add a ZIP of the media files', reason: 'Reason', reasonHint: 'Why this export is needed (recorded in the audit trail)',
        pending: 'Waiting for a second person\'s approval; it appears under Exports.',
        ready: 'Ready: {rows} messages exported.', failed: 'The export ended as "{state}".', running: 'Generating…',
        openExports: 'Open Exports', download: 'Download', go: 'Start export',
      },
    },
    msgtype: {
      voiptext: 'Call', voip_doc_share: 'Call file share', external_redpacket: 'Red packet (external)', todo: 'To-do', vote: 'Vote',
      collect: 'Form', meeting: 'Meeting', docmsg: 'Online document', sphfeed: 'Channels feed', qydiskfile: 'Drive file',
      agree: 'Consent given', disagree: 'Consent refused',
    },
  },
  'zh-CN': {
    conv: {
      filters: '筛选条件', clearFilters: '清除', idHint: 'userid 或外部联系人 ID', room: '群聊', roomHint: '群聊 ID',
      hasMedia: '含媒体', recalled: '已撤回', consent: '存档同意', yes: '是', no: '否',
      consentState: { agreed: '已同意', refused: '已拒绝', none: '未同意', unknown: '同意状态未知' },
      resultsTitle: '检索结果', total: '共 {n} 条', totalAbout: '约 {n} 条',
      searchHint: '检索消息文本、文件名与语音转写；支持单字和双字中文词（如“医生”）。多个词同时满足；A OR B（或 A | B）满足其一；"引号"内为短语；-词 表示排除。不填关键词时，消息筛选（类型、时间、媒体、撤回、同意状态）直接列出消息，人员筛选用于缩小会话列表。',
      byEmployee: '按员工', byContact: '按客户', byGroup: '群聊', unnamedGroup: '未命名群聊', members: '{n} 位成员',
      noGroupsText: '没有符合条件的存档群聊。', exportHere: '从此处导出',
      loadingOlder: '正在加载更早的消息…', loadingNewer: '正在加载更新的消息…',
      recalledTag: '已撤回', recalledAt: '撤回于 {time}；原消息保留供审查', showOriginal: '查看原消息',
      notice: {
        revoke: '{who} 撤回了一条消息', agree: '{who} 同意了会话存档', disagree: '{who} 拒绝了会话存档',
        switch: '{who} 切换了企业',
      },
      media: {
        ok: '已扫描安全', unscanned: '未扫描', blocked: '已拦截', pending: '尚未下载', failed: '下载失败',
        okWhy: '', unscannedWhy: '恶意代码扫描未开启：该文件未经扫描，请谨慎打开。',
        blockedWhy: '检测到恶意软件，文件已隔离，不能打开或下载。',
        pendingWhy: '存档尚未拉取该文件。', failedWhy: '从企业微信拉取该文件失败，详见任务页。',
        noAudio: '音频暂不可用',
      },
      seconds: '{n} 秒', transcript: '查看转写', transcriptEmpty: '（转写为空）', noTranscript: '暂无转写', transcriptError: '转写加载失败',
      call: {
        meeting_voice_call: '语音通话', voiptext: '音视频通话', voip_doc_share: '通话中共享的文件', screen: '屏幕共享',
        duration: '时长 {n} 秒', invite1: '单人语音', invite2: '单人视频', invite3: '多人语音', invite4: '多人视频',
      },
      download: '下载', rawType: '类型“{type}”按存档原样显示（JSON）', expand: '展开', collapse: '收起',
      recordItems: '展开 {n} 条消息', close: '关闭',
      field: {
        description: '描述', link_url: '链接', displayname: '小程序', corpname: '企业', userid: '用户',
        address: '地址', latitude: '纬度', longitude: '经度', content: '内容', voteitem: '选项', votetype: '投票类型',
        room_name: '群聊', creator: '创建人', create_time: '创建时间', details: '问题', totalcnt: '红包个数',
        totalamount: '金额（元）', type: '类型', starttime: '开始', endtime: '结束', remarks: '备注', meetingid: '会议 ID',
        doc_creator: '作者', item: '文章', place: '地点', creatorname: '组织者', attendeename: '参与人',
        feed_desc: '描述', feed_type: '视频号类型',
      },
      export: {
        title: '导出', what: '导出内容', conversation: '当前会话', search: '当前检索结果', format: '格式',
        withMedia: '附带媒体文件 ZIP', reason: '导出原因', reasonHint: '说明导出的原因（记录在审计日志中）',
        pending: '等待第二人审批，可在“导出”页查看。',
        ready: '已完成：导出 {rows} 条消息。', failed: '导出结束，状态为“{state}”。', running: '正在生成…',
        openExports: '打开导出页', download: '下载', go: '开始导出',
      },
    },
    msgtype: {
      voiptext: '通话', voip_doc_share: '通话文件共享', external_redpacket: '互通红包', todo: '待办', vote: '投票',
      collect: '填表', meeting: '会议邀请', docmsg: '在线文档', sphfeed: '视频号', qydiskfile: '微盘文件',
      agree: '同意存档', disagree: '拒绝存档',
    },
  },
}

export default part
