//go:build !linux

package app

import "syscall"

// childOfDemo: only Linux can tie a child's life to its parent's.
func childOfDemo() *syscall.SysProcAttr { return nil }
