// The conversation archive of a corp added in the UI: source, URL, whether
// the secret is set, and the private keys by publickey_ver (never a secret
// or a key; only the SHA-256 fingerprint of each public key).

export type ArchiveSource = '' | 'sdk' | 'sim'

export interface ArchiveKeyView {
  version: number
  /** SHA-256 of the public key (PKIX DER), hex. */
  fingerprint: string
  /** Unix ms; 0 for keys from the config file. */
  added_at: number
}

export interface ArchiveView {
  corp_id: string
  key: string
  /** "ui" (edited here) or "config" (read-only: set in the config file). */
  managed_by: 'ui' | 'config' | string
  source: ArchiveSource | string
  url: string
  secret: 'set' | 'unset' | string
  keys: ArchiveKeyView[]
  updated_at: number
}

/** secret is write-only: leave it out (or empty) to keep the stored one. */
export interface ArchiveInput {
  source: ArchiveSource
  url: string
  secret?: string
}

export interface ArchiveKeyInput {
  version: number
  private_key: string
}
