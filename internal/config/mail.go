package config

// Mail is how the portal sends mail: the one-time codes of the TFA page go
// to the employee's HR email. Without smtp_addr mails are only written to
// the log (demo and development: the log then holds the codes).
type Mail struct {
	SMTPAddr string `yaml:"smtp_addr"` // host:port
	From     string `yaml:"from"`
	Username string `yaml:"username"`
	Password Secret `yaml:"password"`
}
