// A corp's compliance settings (GET/PUT /corps/{key}/settings) and the part
// of its accounts settings (GET/PUT /corps/{key}/accounts-settings) the
// corp settings dialog edits; every other accounts field is kept as read.

export interface CorpSettings {
  export_approval: boolean
  /** IANA zone such as Asia/Shanghai; '' = the deployment default. */
  time_zone: string
  /** 0..365; 0 = the deployment default. */
  export_ttl_days: number
}

export interface AccountsSettings {
  sync: {
    /** Successor for leavers without an active direct leader ('' or absent: manual handover). */
    handover_to?: string
    [k: string]: unknown
  }
  [k: string]: unknown
}
