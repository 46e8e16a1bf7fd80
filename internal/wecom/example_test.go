package wecom_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"

	"wecomadmin/internal/wecom"
	"wecomadmin/internal/wecomsim"
)

// A client for one corp, here pointed at the simulator; in production
// BaseURL is Tencent's and the secrets come from config (see NewPool).
func Example() {
	sim := wecomsim.New(wecomsim.Options{Seed: 1})
	srv := httptest.NewServer(sim)
	defer srv.Close()
	defer sim.Close()

	c, err := wecom.New(wecom.Options{
		BaseURL: srv.URL,
		CorpID:  sim.Options().CorpID,
		Secrets: map[wecom.SecretKind]string{wecom.App: "sim", wecom.Contacts: "sim"},
	})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	_, err = c.GetUser(ctx, "nobody")
	fmt.Println(errors.Is(err, wecom.ErrUserNotFound), wecom.Code(err), wecom.Retryable(err))

	err = c.CreateUser(ctx, wecom.UserInput{UserID: "wangwu", Name: "王五", Email: "wangwu@example.com", Department: []int64{1}})
	fmt.Println(err)
	// Output:
	// true 60111 false
	// <nil>
}
