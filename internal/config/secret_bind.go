package config

import "reflect"

var secretType = reflect.TypeOf(Secret{})

// BindSecretSource gives every Key Vault reference in the configuration the
// source that resolves it, and returns how many there are. Call it once,
// before the configuration is copied into the components.
func (c *Config) BindSecretSource(src SecretSource) int {
	return bindSecrets(reflect.ValueOf(c).Elem(), src)
}

// KeyVaultRefs lists the Key Vault references in the configuration, so the
// start-up can fetch them all before it serves.
func (c Config) KeyVaultRefs() []Secret {
	var out []Secret
	walkSecrets(reflect.ValueOf(&c).Elem(), func(s *Secret) {
		if s.IsKeyVault() {
			out = append(out, *s)
		}
	})
	return out
}

func bindSecrets(v reflect.Value, src SecretSource) int {
	n := 0
	walkSecrets(v, func(s *Secret) {
		if s.IsKeyVault() {
			s.src = src
			n++
		}
	})
	return n
}

// walkSecrets calls fn with every settable Secret under v: struct fields,
// slice elements and map values (maps are written back).
func walkSecrets(v reflect.Value, fn func(*Secret)) {
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == secretType {
			if v.CanAddr() {
				fn(v.Addr().Interface().(*Secret))
			}
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				walkSecrets(v.Field(i), fn)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			walkSecrets(v.Index(i), fn)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			walkSecrets(v.Elem(), fn)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			walkSecrets(e, fn)
			v.SetMapIndex(k, e)
		}
	}
}
