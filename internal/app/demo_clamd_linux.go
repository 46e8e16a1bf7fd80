package app

import "syscall"

// childOfDemo makes the kernel end clamd when the demo dies, even by SIGKILL.
func childOfDemo() *syscall.SysProcAttr { return &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM} }
