package config

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// EnvPrefix starts every environment setting: WECOMADMIN_<SECTION>_<KEY>,
// e.g. WECOMADMIN_DB, WECOMADMIN_LOG_LEVEL, WECOMADMIN_CORPS_MAIN_BASE_URL.
const EnvPrefix = "WECOMADMIN_"

// applyEnv overlays WECOMADMIN_* variables. A variable that names no setting
// is an error (a typo must not be silently ignored); WECOMADMIN_TEST_* is
// left to the test harness.
func applyEnv(cfg *Config, environ []string) error {
	settable := map[string]reflect.Value{}
	collect(reflect.ValueOf(cfg).Elem(), EnvPrefix, settable)
	for i := range cfg.Corps {
		if cfg.Corps[i].Key != "" {
			collect(reflect.ValueOf(&cfg.Corps[i]).Elem(), EnvPrefix+"CORPS_"+envName(cfg.Corps[i].Key)+"_", settable)
		}
	}
	for _, kv := range environ {
		name, val, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(name, EnvPrefix) || strings.HasPrefix(name, EnvPrefix+"TEST_") {
			continue
		}
		field, ok := settable[name]
		if !ok {
			return fmt.Errorf("config: environment variable %s names no setting", name)
		}
		if err := setFromString(field, val); err != nil {
			return fmt.Errorf("config: %s: %w", name, err)
		}
	}
	return nil
}

func envName(s string) string {
	return strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(s))
}

func collect(v reflect.Value, prefix string, out map[string]reflect.Value) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if tag == "" || tag == "-" {
			continue
		}
		fv := v.Field(i)
		name := prefix + envName(tag)
		switch {
		case f.Type == reflect.TypeOf(Secret{}) || f.Type == reflect.TypeOf(Duration(0)):
			out[name] = fv
		case fv.Kind() == reflect.Struct:
			collect(fv, name+"_", out)
		case fv.Kind() == reflect.Slice:
			// Lists (corps, archive keys) are set in the file; corps fields by key above.
		default:
			out[name] = fv
		}
	}
}

func setFromString(v reflect.Value, s string) error {
	switch v.Type() {
	case reflect.TypeOf(Secret{}):
		v.Set(reflect.ValueOf(NewSecret(s)))
		return nil
	case reflect.TypeOf(Duration(0)):
		d, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("bad duration %q", s)
		}
		v.SetInt(int64(d))
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Int, reflect.Int64, reflect.Int32:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("not an integer: %q", s)
		}
		v.SetInt(n)
	case reflect.Float64:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("not a number: %q", s)
		}
		v.SetFloat(f)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("not a boolean: %q", s)
		}
		v.SetBool(b)
	default:
		return fmt.Errorf("cannot be set from the environment")
	}
	return nil
}
