// Package accounts keeps each employee's WeCom account right: it reads the
// HR file (CSV in UTF-8, UTF-8 with BOM or GBK; or the same rows as JSON),
// validates every row, plans the sync against WeCom and applies the plan as
// a durable, resumable run.
//
// The plan applies the seed's two rules exactly:
//
//   - (a) mobile_moved_to_other_person: the HR mobile belongs to another
//     userid than the one the HR email maps to: that account is deleted (a
//     mobile that changed hands is a new account);
//   - (b) person_changed_mobile: the HR email maps to an account whose mobile
//     differs from HR's (or to another userid): that account is deleted and
//     the account created anew.
//
// Leavers are disabled first and deleted after a grace period, only once
// their customers are handed over. Destructive steps run only after the run
// id is repeated as confirmation; every step is audited.
//
// The package also serves the second-factor verification page's logic
// (auth/get_tfa_info, a one-time code to the HR email, then user/authsucc or
// user/tfa_succ), the licence check and the corps settings.
//
// It declares the ports it needs (WeCom, Auditor, CustomerCounter, Mailer,
// Store); the composition root wires them.
package accounts
