// Resources of the people pages (employees, licences, contacts, handovers,
// welcome templates), as the API answers them.
import type { Schema } from './schema'

/** One step of an HR sync plan or run (a WeCom call). */
export type SyncStep = Schema<'AccountsStep'>

/** GET /employees/{id}/history: a step with its run. */
export type HistoryStep = Schema<'AccountsHistoryStep'>

export type EmployeeHistory = Schema<'AccountsEmployeeHistory'>

export type HeldLeaver = Schema<'AccountsHeldLeaver'>

export type LicenceHolder = Schema<'AccountsLicenceHolder'>

/** GET /licences: one corp's archive licences, HR vs WeCom. */
export type LicenceReport = Schema<'AccountsLicenceReport'>

export type RelationHistory = Schema<'StoreRelationHistory'>

export type ExternalContact = Schema<'StoreExternalContact'>

export type FollowRelation = Schema<'StoreFollowRelation'>

/** GET /contacts/{id}: a customer with every relationship and its history. */
export type ContactDetail = Schema<'ContactsContactView'>

export type GroupMember = Schema<'StoreGroupChatMember'>

export type GroupDetail = Schema<'GroupView'>

export type TransferKind = 'onjob' | 'resigned'

export interface TransferRequest {
  corp_id: string
  kind: TransferKind
  handover_userid: string
  takeover_userid: string
  external_userids: string[]
  chat_ids: string[]
  transfer_success_msg?: string
}

export type Transfer = Schema<'StoreTransfer'>

export type TransferItem = Schema<'StoreTransferItem'>

export type TransferDetail = Schema<'ContactsTransferDetail'>

export type AttachmentType = 'image' | 'link' | 'miniprogram'

/** A welcome attachment in send_welcome_msg's shape. */
export interface WelcomeAttachment {
  msgtype: AttachmentType
  image?: { pic_url?: string; media_id?: string }
  link?: { title?: string; picurl?: string; desc?: string; url: string }
  miniprogram?: { title?: string; pic_media_id?: string; appid: string; page?: string }
}

export interface WelcomeTemplate {
  id: number
  corp_id: string
  department_path: string
  name: string
  text: string
  /** JSON array as stored; parsed by the API module. */
  attachments: WelcomeAttachment[]
  enabled: boolean
  updated_at?: number
}
