// Texts of the per-corp settings dialog of Settings → Corps: the two-person
// export rule, time zone, export lifetime and the default handover successor.
import type { LocalePart } from '../part'

const en = {
  corpSettings: {
    open: 'Settings',
    title: 'Corp settings · {name}',
    exportApproval: 'Export approval',
    exportApprovalHelp: 'When on, every export waits until a second administrator approves it.',
    timeZone: 'Time zone',
    timeZoneHelp: 'IANA name such as Asia/Shanghai; empty uses the deployment default.',
    ttl: 'Export lifetime (days)',
    ttlHelp: '0 uses the deployment default; at most 365.',
    handoverTo: 'Default successor',
    handoverToHelp: 'Takes over a leaver\'s customers when the leaver has no active direct leader; empty: such leavers wait for a manual handover.',
    saved: 'Corp settings saved',
    readOnly: 'You can view these settings but not change them.',
  },
}

const zh: typeof en = {
  corpSettings: {
    open: '设置',
    title: '企业设置 · {name}',
    exportApproval: '导出审批',
    exportApprovalHelp: '开启后，每次导出都须由另一位管理员批准后才会生成。',
    timeZone: '时区',
    timeZoneHelp: 'IANA 时区名，如 Asia/Shanghai；留空使用部署默认值。',
    ttl: '导出保留天数',
    ttlHelp: '0 表示使用部署默认值；最多 365 天。',
    handoverTo: '默认接替人',
    handoverToHelp: '离职成员没有在职的直属上级时，由此人接替其客户；留空则这类离职成员等待手动交接。',
    saved: '企业设置已保存',
    readOnly: '你可以查看这些设置，但无权修改。',
  },
}

export default { en, 'zh-CN': zh } satisfies LocalePart
