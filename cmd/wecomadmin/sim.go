package main

import (
	"context"
	"errors"
	"io"
)

// runSim and runDemo are completed by the simulator work (internal/wecomsim).
func runSim(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("the simulator is not built yet")
}

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("demo needs the simulator, which is not built yet")
}
