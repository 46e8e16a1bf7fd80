package wecomsim

import "net/http"

// routes lists every endpoint: the simulator's table of contents.
func (s *Server) routes() {
	s.api("gettoken", s.gettoken)

	s.api("department/list", s.deptList)
	s.api("department/simplelist", s.deptSimpleList)
	s.api("department/get", s.deptGet)
	s.api("department/create", s.deptCreate)
	s.api("department/update", s.deptUpdate)
	s.api("department/delete", s.deptDelete)

	s.api("user/create", s.userCreate)
	s.api("user/update", s.userUpdate)
	s.api("user/get", s.userGet)
	s.api("user/delete", s.userDelete)
	s.api("user/batchdelete", s.userBatchDelete)
	s.api("user/simplelist", s.userSimpleList)
	s.api("user/list", s.userList)
	s.api("user/list_id", s.userListID)
	s.api("user/getuserid", s.userGetUserID)
	s.api("user/get_userid_by_email", s.userGetByEmail)
	s.api("user/convert_to_openid", s.userConvertToOpenID)

	s.api("auth/get_tfa_info", s.getTFAInfo)
	s.api("user/tfa_succ", s.tfaSucc)
	s.api("user/authsucc", s.authSucc)

	s.api("externalcontact/get_follow_user_list", s.extFollowUserList)
	s.api("externalcontact/list", s.extList)
	s.api("externalcontact/get", s.extGet)
	s.api("externalcontact/batch/get_by_user", s.extBatchGetByUser)
	s.api("externalcontact/remark", s.extRemark)
	s.api("externalcontact/send_welcome_msg", s.sendWelcomeMsg)

	s.api("externalcontact/groupchat/list", s.chatList)
	s.api("externalcontact/groupchat/get", s.chatGet)
	s.api("externalcontact/groupchat/transfer", s.chatTransferResigned)
	s.api("externalcontact/groupchat/onjob_transfer", s.chatTransferOnJob)

	s.api("externalcontact/transfer_customer", s.transferOnJob)
	s.api("externalcontact/transfer_result", s.transferResultOnJob)
	s.api("externalcontact/resigned/transfer_customer", s.transferResigned)
	s.api("externalcontact/resigned/transfer_result", s.transferResultResigned)
	s.api("externalcontact/get_unassigned_list", s.unassignedList)

	s.api("msgaudit/get_permit_user_list", s.auditPermitUsers)
	s.api("msgaudit/check_single_agree", s.auditSingleAgree)
	s.api("msgaudit/check_room_agree", s.auditRoomAgree)
	s.api("msgaudit/groupchat/get", s.auditGroupChat)
	s.api("msgaudit/get_robot_info", s.auditRobotInfo)

	// Unknown qyapi paths: Tencent answers HTTP 200 with errcode 48001 ("api
	// unauthorized") for a cgi it does not serve; anything else is a plain 404.
	s.mux.HandleFunc("/cgi-bin/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, obj{"errcode": 48001, "errmsg": "api unauthorized, hint: [unknown api " + r.URL.Path + "]"})
	})
	s.mux.HandleFunc("POST /sim/tfa_code", s.simTFACode)
	s.mux.HandleFunc("POST /sim/welcome_code", s.simWelcomeCode)
	s.mux.HandleFunc("GET /sim/directory/hash", s.simHash)
	s.mux.HandleFunc("POST /sim/external_contact/add", s.simAddContact)
	s.mux.HandleFunc("POST /sim/external_contact/delete", s.simDeleteContact)
	s.mux.HandleFunc("POST /sim/user/status", s.simUserStatus)
}
