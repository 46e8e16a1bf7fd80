package httpapi

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/jobs"
	"wecomadmin/internal/monitor"
	"wecomadmin/internal/monitor/detect"
	"wecomadmin/internal/search"
	"wecomadmin/internal/store"
)

// withMonitoring is withReview plus the monitoring service and two alerts:
// an ae alert on e0's message (医学部) and a bribery alert on e1's (销售部).
func withMonitoring(t *testing.T, e *env) (aeID, bribeID int64) {
	t.Helper()
	withReview(t, e)
	mon := monitor.New(e.b.Store, e.rec, monitor.Options{})
	r := jobs.New(e.b.Store, jobs.Options{})
	mon.SetJobs(r)
	mon.Register(r)
	e.srv = New(Deps{Auth: NewAuthenticator(e.svc, e.rec), AuthSvc: e.svc, Audit: e.rec, Search: search.New(e.b.Store, e.rec),
		Monitor: mon})
	e.h = e.srv.Handler()
	ctx := context.Background()
	add := func(msgid, emp string, labels []string, hits string, due int64) int64 {
		m, err := e.b.Store.MessageByMsgID(ctx, "wwc1", msgid)
		if err != nil {
			t.Fatal(err)
		}
		a, ok, err := e.b.Store.InsertAlert(ctx, store.Alert{CorpID: "wwc1", MsgID: msgid, ConversationID: m.ConversationID,
			MsgTime: m.MsgTime, Employee: emp, Labels: labels, Severity: "high", Hits: hits, Text: m.Content, DueAt: due})
		if err != nil || !ok {
			t.Fatal(err)
		}
		return a.ID
	}
	aeID = add("m00", "e0", []string{"ae", "pii"}, `[{"label":"ae","rule":"ae.event","start":4,"end":8,"text":"不良反应"},`+
		`{"label":"pii","rule":"pii.patient_name","start":0,"end":3,"text":"王医生"},`+
		`{"label":"ae","rule":"ae.product","start":0,"end":0,"text":"药物","product":"Glucerra"}]`, 1_700_000_000_000+86400000)
	bribeID = add("m01", "e1", []string{"bribery"}, `[{"label":"bribery","rule":"bribery.redpacket","start":0,"end":2,"text":"红包"}]`, 0)
	return aeID, bribeID
}

func TestAlertsAPI(t *testing.T) {
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{})
		aeID, bribeID := withMonitoring(t, e)
		rev, _ := e.admin("rev", auth.Grant{Role: auth.RoleReviewer})
		rev2, _ := e.admin("rev2", auth.Grant{Role: auth.RoleReviewer})
		scoped, _ := e.admin("scoped", auth.Grant{Role: auth.RoleReviewer, CorpID: "wwc1", Departments: []string{"总部/医学部"}})
		aud, _ := e.admin("aud", auth.Grant{Role: auth.RoleAuditor})
		adm, _ := e.admin("adm", auth.Grant{Role: auth.RoleAdmin})
		rS, rC := e.session(rev)
		r2S, r2C := e.session(rev2)
		sS, sC := e.session(scoped)
		auS, auC := e.session(aud)
		aS, aC := e.session(adm)
		id := func(n int64) string { return "/api/v1/alerts/" + i64(n) }
		goodCatalog := `{"products":[{"name":"Glucerra","aliases":["格鲁克拉"],"sex":"any"}]}`
		pol := detect.DefaultPolicy()
		pol.Version = "corp-edit-1"
		polJSON, _ := json.Marshal(pol)
		policy := string(polJSON)
		for _, tc := range []struct {
			name, method, path, body string
			opt                      reqOpt
			code                     int
			contains                 []string
		}{
			{"list", "GET", "/api/v1/alerts?corp=c1", "", withSession(rS, rC), 200,
				[]string{`"corp":"c1"`, `"corp_id":"wwc1"`, `"labels":["ae","pii"]`, `"employee_name":"张三"`, `"qc_sample":false`,
					`"overdue":true`, `"due_at":1700086400000`, `"hits":[{"label":"ae"`, `"next_cursor":""`}},
			{"list by corp id and label", "GET", "/api/v1/alerts?corp=wwc1&label=bribery", "", withSession(rS, rC), 200, []string{`"msgid":"m01"`}},
			{"bad label", "GET", "/api/v1/alerts?corp=c1&label=spam", "", withSession(rS, rC), 422, nil},
			{"bad overdue", "GET", "/api/v1/alerts?corp=c1&overdue=maybe", "", withSession(rS, rC), 422, nil},
			{"unknown corp", "GET", "/api/v1/alerts?corp=nope", "", withSession(rS, rC), 404, nil},
			{"auditor cannot read alerts", "GET", "/api/v1/alerts?corp=c1", "", withSession(auS, auC), 403, nil},
			{"scoped list", "GET", "/api/v1/alerts?corp=c1", "", withSession(sS, sC), 200, []string{`"msgid":"m00"`}},
			{"scoped get other dept", "GET", id(bribeID), "", withSession(sS, sC), 404, nil},
			{"scoped assign other dept", "POST", id(bribeID) + "/assign", `{"assignee":"scoped"}`, withSession(sS, sC), 404, nil},
			{"get", "GET", id(aeID), "", withSession(rS, rC), 200,
				[]string{`"text":"王医生`, `"context":[`, `"flagged":true`, `"from_name":"张三"`, `"history":[]`, `"four_eyes":true`}},
			{"missing", "GET", "/api/v1/alerts/999999", "", withSession(rS, rC), 404, nil},
			{"assign unknown admin", "POST", id(aeID) + "/assign", `{"assignee":"ghost"}`, withSession(rS, rC), 422, nil},
			{"assign auditor", "POST", id(aeID) + "/assign", `{"assignee":"aud"}`, withSession(rS, rC), 422, nil},
			{"assign", "POST", id(aeID) + "/assign", `{"assignee":"rev"}`, withSession(rS, rC), 200, []string{`"state":"in_review"`, `"assignee":"rev"`}},
			{"note too long", "POST", id(aeID) + "/notes", `{"text":"` + strings.Repeat("字", monitor.MaxNote+1) + `"}`, withSession(rS, rC), 422, nil},
			{"note", "POST", id(aeID) + "/notes", `{"text":"已联系医生"}`, withSession(rS, rC), 200, []string{`"author":"rev"`}},
			{"ae_reported needs case", "POST", id(aeID) + "/disposition", `{"disposition":"ae_reported"}`, withSession(rS, rC), 422, nil},
			{"unknown field", "POST", id(aeID) + "/disposition", `{"disposition":"no_action","x":1}`, withSession(rS, rC), 400, nil},
			{"disposition", "POST", id(aeID) + "/disposition", `{"disposition":"ae_reported","case_number":"SAE-2026-17","note":"已报PV"}`,
				withSession(rS, rC), 200, []string{`"needs_approval":true`, `"state":"in_review"`, `"case_number":"SAE-2026-17"`}},
			{"self approval", "POST", id(aeID) + "/approve", `{"note":"ok"}`, withSession(rS, rC), 403, []string{`"self_approval"`}},
			{"approve", "POST", id(aeID) + "/approve", `{"note":"复核"}`, withSession(r2S, r2C), 200,
				[]string{`"state":"closed"`, `"approver":"rev2"`}},
			{"closed", "POST", id(aeID) + "/disposition", `{"disposition":"no_action"}`, withSession(r2S, r2C), 409, []string{`"alert_state"`}},
			{"intake json", "GET", id(aeID) + "/intake?format=json", "", withSession(rS, rC), 200,
				[]string{`"identifiable_patient": {`, `"王医生"`, `"Glucerra"`, `"case_number": "SAE-2026-17"`, `"awareness_time": "2023-11-14T22:13:20Z"`}},
			{"intake csv", "GET", id(aeID) + "/intake?format=csv", "", withSession(rS, rC), 200, []string{"identifiable_patient", "SAE-2026-17"}},
			{"intake bad format", "GET", id(aeID) + "/intake?format=pdf", "", withSession(rS, rC), 422, nil},
			{"bulk", "POST", "/api/v1/alerts/bulk", `{"ids":[` + i64(bribeID) + `,999999],"disposition":"false_positive","note":"誤報"}`,
				withSession(rS, rC), 200, []string{`{"id":` + i64(bribeID) + `,"ok":true}`, `{"id":999999,"ok":false,"error":"not found"}`}},
			{"bulk empty", "POST", "/api/v1/alerts/bulk", `{"ids":[],"disposition":"false_positive"}`, withSession(rS, rC), 422, nil},
			{"catalog default", "GET", "/api/v1/monitoring/products?corp=c1", "", withSession(rS, rC), 200, []string{`"version":0`}},
			{"catalog bad", "PUT", "/api/v1/monitoring/products?corp=c1", "products:\n  - name: A\n  - name: B\n    sex: both\n",
				withSession(aS, aC), 400, []string{`"invalid_document"`, `products[1] (B)`}},
			{"catalog by reviewer", "PUT", "/api/v1/monitoring/products?corp=c1", goodCatalog, withSession(rS, rC), 403, nil},
			{"catalog", "PUT", "/api/v1/monitoring/products?corp=c1", goodCatalog, withSession(aS, aC), 200, []string{`"version":1`, `格鲁克拉`}},
			{"catalog after bad", "PUT", "/api/v1/monitoring/products?corp=c1", `{"products":[]}`, withSession(aS, aC), 400, nil},
			{"catalog in force", "GET", "/api/v1/monitoring/products?corp=c1", "", withSession(rS, rC), 200, []string{`"version":1`}},
			{"policy bad", "PUT", "/api/v1/monitoring/policy?corp=c1", `{"version":"x"}`, withSession(aS, aC), 400, []string{`"invalid_document"`}},
			{"policy default", "GET", "/api/v1/monitoring/policy?corp=c1", "", withSession(rS, rC), 200, []string{`"version":0`, `"lexicons":{`}},
			{"policy", "PUT", "/api/v1/monitoring/policy?corp=c1", policy, withSession(aS, aC), 200, []string{`"version":1`, `"corp-edit-1"`}},
			{"policy versions", "GET", "/api/v1/monitoring/policy/versions?corp=c1", "", withSession(rS, rC), 200, []string{`"version":1`}},
			{"settings default", "GET", "/api/v1/monitoring/settings?corp=c1", "", withSession(rS, rC), 200,
				[]string{`"four_eyes_ae":true`, `"ae_due_days":1`, `"qc_rate":0.01`}},
			{"settings bad", "PUT", "/api/v1/monitoring/settings?corp=c1", `{"four_eyes_ae":true,"ae_due_days":1,"qc_rate":2}`, withSession(aS, aC), 422, nil},
			{"settings", "PUT", "/api/v1/monitoring/settings?corp=c1", `{"four_eyes_ae":false,"ae_due_days":2,"qc_rate":0.05}`,
				withSession(aS, aC), 200, []string{`"ae_due_days":2`}},
			{"settings partial", "PUT", "/api/v1/monitoring/settings?corp=c1", `{"qc_rate":0.2}`, withSession(aS, aC), 200,
				[]string{`"four_eyes_ae":false`, `"ae_due_days":2`, `"qc_rate":0.2`}},
			{"test", "POST", "/api/v1/monitoring/test", `{"corp":"c1","text":"吃了格鲁克拉后头晕"}`, withSession(rS, rC), 200, []string{`"labels":[`}},
			{"preview", "POST", "/api/v1/monitoring/preview", `{"corp":"c1","policy":` + policy + `}`, withSession(rS, rC), 200,
				[]string{`"messages":30`, `"sampled":false`}},
			{"summary", "GET", "/api/v1/monitoring/summary?corp=c1&from=1600000000000", "", withSession(rS, rC), 200,
				[]string{`"messages":30`, `"per_1000_messages":{`, `"false_positive_rate_by_rule":[`, `"series":[{"day":"2023-11-15"`}},
			{"run", "POST", "/api/v1/monitoring/runs", `{"corp":"c1"}`, withSession(aS, aC), 202, []string{`"job_id":`}},
			{"run by reviewer", "POST", "/api/v1/monitoring/runs", `{"corp":"c1"}`, withSession(rS, rC), 403, nil},
			{"thread marks", "GET", "/api/v1/conversations/e0%7Cwmhcp/messages?corp=wwc1&around=m00", "", withSession(rS, rC), 200,
				[]string{`"alerts":[{"id":` + i64(aeID) + `,"labels":["ae","pii"]}]`, `"alerts":[]`}},
		} {
			w := e.do(tc.method, tc.path, tc.body, tc.opt)
			if w.Code != tc.code {
				t.Errorf("%s: %s %s: %d %s, want %d", tc.name, tc.method, tc.path, w.Code, w.Body, tc.code)
				continue
			}
			for _, c := range tc.contains {
				if !strings.Contains(w.Body.String(), c) {
					t.Errorf("%s: body lacks %s: %s", tc.name, c, w.Body)
				}
			}
		}
		es, _, err := e.rec.List(context.Background(), audit.Filter{Action: "alert.", Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, ev := range es {
			got[ev.Action+"/"+ev.Outcome]++
		}
		for _, want := range []string{"alert.list/success", "alert.view/success", "alert.assign/success", "alert.note/success",
			"alert.disposition/success", "alert.approve/denied", "alert.approve/success", "alert.close/success",
			"alert.intake_export/success"} {
			if got[want] == 0 {
				t.Errorf("no %s audit entry: %v", want, got)
			}
		}
		var meta map[string]any
		for _, ev := range es {
			if ev.Action == audit.AlertIntakeExport {
				_ = json.Unmarshal([]byte(ev.Metadata), &meta)
			}
		}
		if len(meta["sha256"].(string)) != 64 {
			t.Errorf("intake export audit lacks the file hash: %v", meta)
		}
	})
}

func i64(n int64) string { return strconv.FormatInt(n, 10) }
