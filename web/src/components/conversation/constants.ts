// The choices of the search filters.
export const ALL_MSGTYPES = ['text', 'image', 'voice', 'video', 'file', 'emotion', 'link', 'weapp', 'card', 'location',
  'chatrecord', 'mixed', 'meeting_voice_call', 'voiptext', 'voip_doc_share', 'revoke', 'todo', 'vote', 'collect', 'redpacket',
  'external_redpacket', 'meeting', 'docmsg', 'markdown', 'news', 'calendar', 'sphfeed', 'qydiskfile', 'agree', 'disagree']
export const CONSENT_STATES = ['agreed', 'refused', 'none', 'unknown']
