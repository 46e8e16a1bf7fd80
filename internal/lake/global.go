package lake

// GlobalCorp is the partition value of audit events that name no corp:
// sign-ins, sign-outs, user and role administration, global settings. They
// are exported as their own "corp" (audit/corp=_global/date=.../ and
// _runs/corp=_global/...), with their own runs and watermark and the same
// exactly-once rules; ADF and Spark read the value like any corp id (no
// WeCom corp id starts with an underscore).
const GlobalCorp = "_global"

// globalTables are the tables of the global partition: only the audit
// trail has rows without a corp.
var globalTables = []string{"audit"}

// tablesOf lists the tables a "corp" exports.
func tablesOf(corpID string) []table {
	if corpID != GlobalCorp {
		return tables
	}
	var out []table
	for _, t := range tables {
		for _, g := range globalTables {
			if t.name == g {
				out = append(out, t)
			}
		}
	}
	return out
}

// storeCorp is the corp_id the store keeps a "corp"'s rows under: "" for
// the global partition.
func storeCorp(corpID string) string {
	if corpID == GlobalCorp {
		return ""
	}
	return corpID
}
