// Package accounts keeps each employee's WeCom account right: it reads the
// HR file (CSV in UTF-8, UTF-8 with BOM or GBK; or the same rows as JSON),
// validates every row, plans the sync against WeCom and applies the plan as
// a durable, resumable run.
//
// The plan applies the seed's two rules from lookups alone, since WeCom no
// longer returns a member's mobile or email to apps created after
// 2022-06-20: for each HR employee getuserid(HR mobile) and
// get_userid_by_email(HR email), never a member's own mobile or email.
//
//   - (a) mobile_moved_to_other_person: the HR mobile maps to another userid
//     than the employee's: that account is deleted (a mobile that changed
//     hands is a new account);
//   - (b) person_changed_mobile: the employee's account exists but the HR
//     mobile does not map to it (or the HR email maps to another userid):
//     that account is deleted and the account created anew.
//
// A rule's delete, like a leaver's, waits while the account still has
// customers or group chats (the employee is held until they are handed
// over). Updates name only fields WeCom returned, so a sync does not plan
// the same update again. Leavers are disabled first and deleted after a
// grace period, only once their customers are handed over. Destructive
// steps run only after the run id is repeated as confirmation; every step
// is audited.
//
// The package also serves the second-factor verification page's logic
// (auth/get_tfa_info, a one-time code to the HR email, then user/authsucc or
// user/tfa_succ), the licence check and the corps settings.
//
// It declares the ports it needs (WeCom, Auditor, CustomerCounter, Mailer,
// Store); the composition root wires them.
package accounts
