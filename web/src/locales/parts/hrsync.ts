// HR sync texts by stable code: row problems (report issues), refusals of a
// whole file, plan reasons (rule.action) and the corp form's field errors.
// The UI falls back to the server's English message for a code not here.
import type { LocalePart } from '../part'

const part: LocalePart = {
  en: {
    hr: {
      refusedTitle: 'The file was refused',
      issue: {
        csv_syntax: 'CSV syntax error', field_count: 'Wrong number of fields', unknown_column: 'Unknown column',
        missing_column: 'Required column missing', encoding: 'Text is not valid UTF-8 or GBK', empty_employee_id: 'employee_id is empty or too long',
        duplicate_employee_id: 'Duplicate employee_id', empty_name: 'Name is empty', bad_name: 'Name is too long',
        bad_email: 'Email is not valid', duplicate_email: 'Duplicate email', bad_mobile: 'Mobile is not valid',
        duplicate_mobile: 'Duplicate mobile', unknown_department: 'Department not in the corp\'s department tree', bad_department: 'Department is empty',
        unknown_status: 'Status is not active or leaver', bad_archive_licence: 'archive_licence is not yes or no', bad_title: 'Title is too long',
        bad_userid: 'No usable WeCom userid from the email',
      },
      refuse: {
        file_too_large: 'The file is too large.', empty_file: 'The file is empty: it needs a header row and at least one employee row.',
        bad_header: 'The header row cannot be used: {message}', invalid_json: 'The JSON cannot be read.',
        too_many_invalid_rows: 'Too many rows are invalid (above the threshold); nothing is imported.',
        removal_limit_exceeded: '{removals} of {active} active employees are missing from the file and would be disabled or deleted, above the {limit}% limit. Check that the file is complete.',
      },
      guard: {
        title: 'Removal limit', hint: 'If this many removals are really meant, a second person (not the one who uploaded the file) may override the limit. The override and its reason are audited.',
        reason: 'Why are these removals right?', override: 'Override the limit', overridden: 'Limit overridden: the plan can now be confirmed',
      },
      reason: {
        mobile_moved_to_other_person: { delete: 'The mobile now belongs to another employee: the account that held it is deleted', create: 'New account: the mobile came from another person' },
        person_changed_mobile: { delete: 'The employee changed mobile: the old account is deleted', create: 'The employee changed mobile: a new account is created' },
        new_employee: { create: 'No WeCom account yet' },
        hr_profile_changed: { update: 'HR differs from WeCom' },
        active_in_hr: { update: 'Active in HR: the account is enabled again' },
        in_sync: { unchanged: 'WeCom matches HR' },
        leaver: { disable: 'Leaver in HR: disabled first, deleted after the grace period', unchanged: 'Leaver without a WeCom account' },
        leaver_grace_running: { unchanged: 'Disabled; the grace period is running' },
        leaver_grace_elapsed: { delete: 'Grace period over and customers handed over: deleted' },
        leaver_customers_not_handed_over: { held: 'Grace period over, but customers or group chats are not handed over' },
        hr_row_removed: { disable: 'Not in this HR file (neither a valid nor an invalid row) but known from earlier syncs: disabled', unchanged: 'Not in this HR file; already disabled or ignored by the corp\'s policy' },
        wecom_lookup_failed: { held: 'WeCom lookup failed' },
        department_unresolved: { held: 'The department is not known in WeCom' },
        rule_delete_needs_handover: { held: 'The old account still has customers or group chats: hand them over, then sync again' },
        leaver_handover_onjob: { handover: '在职继承 of {customers} customers and {groups} group chats to {to} while the account is still active, before the disable' },
        leaver_handover_resigned: {
          delete: 'Disabled, so 在职继承 is refused and 离职继承 needs the account deleted (40097): deleted after the grace period, then 离职继承',
          handover: '离职继承 of the unassigned customers ({customers}) and transfer of {groups} group chats to {to}, after the delete',
        },
        leaver_no_successor: { held: 'Grace period over, but the customers need a successor: no active direct leader in WeCom and no default successor set' },
      },
    },
    errors: { second_person_required: 'A second person must override the limit: not the one who uploaded the file.' },
    admin: {
      corps: {
        fieldErrors: {
          bad_corp_id: 'must be 1-64 letters and digits', bad_key: 'must be lowercase letters, digits, - or _, at most 32',
          bad_base_url: 'must be an http(s) URL', unknown_secret_kind: 'is not a known secret kind',
          bad_secret: 'must be letters, digits, - or _ without spaces or line breaks: copy it again from the WeCom admin console',
          bad_callback: 'must be letters and digits (the EncodingAESKey has 43)', bad_key_version: 'the version must be positive',
        },
      },
    },
  },
  'zh-CN': {
    hr: {
      refusedTitle: '文件未被接受',
      issue: {
        csv_syntax: 'CSV 格式错误', field_count: '字段数量不对', unknown_column: '未知的列',
        missing_column: '缺少必填列', encoding: '文本不是有效的 UTF-8 或 GBK 编码', empty_employee_id: '工号为空或过长',
        duplicate_employee_id: '工号重复', empty_name: '姓名为空', bad_name: '姓名过长',
        bad_email: '邮箱格式不正确', duplicate_email: '邮箱重复', bad_mobile: '手机号不正确',
        duplicate_mobile: '手机号重复', unknown_department: '部门不在企业的部门架构中', bad_department: '部门为空',
        unknown_status: '状态不是 active 或 leaver', bad_archive_licence: 'archive_licence 不是 yes 或 no', bad_title: '职务过长',
        bad_userid: '无法由邮箱生成可用的企业微信账号',
      },
      refuse: {
        file_too_large: '文件过大。', empty_file: '文件为空：需要表头行和至少一行员工数据。',
        bad_header: '表头无法使用：{message}', invalid_json: 'JSON 无法解析。',
        too_many_invalid_rows: '错误行数超过阈值，本次不导入任何数据。',
        removal_limit_exceeded: '文件中缺少 {active} 名在职员工中的 {removals} 名，这些账号将被停用或删除，超过 {limit}% 的上限。请确认文件是否完整。',
      },
      guard: {
        title: '移除上限', hint: '如确需移除这么多账号，可由第二人（不是上传文件的人）越过上限；越过操作及理由都会记入审计日志。',
        reason: '为什么这些移除是正确的？', override: '越过上限', overridden: '已越过上限：现在可以确认此计划',
      },
      reason: {
        mobile_moved_to_other_person: { delete: '该手机号已属于另一名员工：删除原持有该号码的账号', create: '新账号：手机号来自他人' },
        person_changed_mobile: { delete: '员工更换了手机号：删除旧账号', create: '员工更换了手机号：新建账号' },
        new_employee: { create: '尚无企业微信账号' },
        hr_profile_changed: { update: 'HR 资料与企业微信不一致' },
        active_in_hr: { update: 'HR 中在职：重新启用账号' },
        in_sync: { unchanged: '企业微信与 HR 一致' },
        leaver: { disable: 'HR 中已离职：先停用，宽限期后删除', unchanged: '离职员工没有企业微信账号' },
        leaver_grace_running: { unchanged: '已停用，离职宽限期内' },
        leaver_grace_elapsed: { delete: '宽限期已过且客户已交接：删除账号' },
        leaver_customers_not_handed_over: { held: '宽限期已过，但客户或客户群尚未交接' },
        hr_row_removed: { disable: '本次 HR 文件中没有此人（既非有效行也非错误行），但以前同步过：停用账号', unchanged: '本次 HR 文件中没有此人；账号已停用或按企业策略忽略' },
        wecom_lookup_failed: { held: '企业微信查询失败' },
        department_unresolved: { held: '企业微信中找不到该部门' },
        rule_delete_needs_handover: { held: '旧账号仍有客户或客户群：请先交接，再重新同步' },
        leaver_handover_onjob: { handover: '在账号仍在职时，将 {customers} 位客户和 {groups} 个客户群在职继承给 {to}，然后再停用' },
        leaver_handover_resigned: {
          delete: '账号已停用：不能在职继承，离职继承须先删除账号（40097）；宽限期已过，删除后离职继承',
          handover: '删除账号后，将待分配的 {customers} 位客户离职继承、{groups} 个客户群转交给 {to}',
        },
        leaver_no_successor: { held: '宽限期已过，但客户需要接替人：企业微信中没有在职的直属上级，也未设置默认接替人' },
      },
    },
    errors: { second_person_required: '必须由第二人越过上限，上传文件的人不能操作。' },
    admin: {
      corps: {
        fieldErrors: {
          bad_corp_id: '必须是 1-64 位字母或数字', bad_key: '只能是小写字母、数字、- 或 _，最多 32 位',
          bad_base_url: '必须是 http(s) 地址', unknown_secret_kind: '不是已知的密钥类型',
          bad_secret: '只能包含字母、数字、- 或 _，不能有空格或换行：请从企业微信管理后台重新复制',
          bad_callback: '只能是字母和数字（EncodingAESKey 为 43 位）', bad_key_version: '版本号必须为正数',
        },
      },
    },
  },
}

export default part
