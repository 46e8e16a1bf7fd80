package keyvault

import "testing"

func TestParseRef(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Ref
		ok   bool
	}{
		{"https://kv1.vault.azure.net/secrets/wc-app", Ref{Vault: "https://kv1.vault.azure.net", Name: "wc-app"}, true},
		{"https://kv1.vault.azure.net/secrets/wc-app/0123456789abcdef0123456789ABCDEF", Ref{Vault: "https://kv1.vault.azure.net", Name: "wc-app", Version: "0123456789abcdef0123456789ABCDEF"}, true},
		{"http://kv1.vault.azure.net/secrets/wc-app", Ref{}, false},
		{"https://kv1.vault.azure.net/keys/wc-app", Ref{}, false},
		{"https://kv1.vault.azure.net/secrets/", Ref{}, false},
		{"https://kv1.vault.azure.net/secrets/wc_app", Ref{}, false},
		{"https://kv1.vault.azure.net/secrets/wc-app/latest", Ref{}, false},
		{"https://kv1.vault.azure.net/secrets/wc-app?api-version=7.4", Ref{}, false},
		{"https://user@kv1.vault.azure.net/secrets/wc-app", Ref{}, false},
		{"", Ref{}, false},
	} {
		got, err := ParseRef(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseRef(%q) = %+v, %v", tc.in, got, err)
		}
		if tc.ok && got.String() != tc.in {
			t.Errorf("String() = %q, want %q", got.String(), tc.in)
		}
	}
}

func FuzzParseRef(f *testing.F) {
	f.Add("https://kv1.vault.azure.net/secrets/wc-app")
	f.Add("https://kv1.vault.azure.net/secrets/wc-app/0123456789abcdef0123456789abcdef")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRef(s)
		if err != nil {
			return
		}
		again, err := ParseRef(r.String())
		if err != nil || again != r {
			t.Fatalf("round trip %q → %q: %+v %v", s, r.String(), again, err)
		}
	})
}
