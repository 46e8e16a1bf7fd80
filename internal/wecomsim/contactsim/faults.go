package contactsim

// FailTransfers makes every transfer_customer submission of these customers
// answer errcode code (e.g. 40099 quota full, 41054 taker not activated)
// instead of starting a transfer; code 0 clears the fault. Tests use it to
// fail some customers of a handover and not others.
func (w *World) FailTransfers(code int, ext ...string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.faults == nil {
		w.faults = map[string]int{}
	}
	for _, e := range ext {
		if code == 0 {
			delete(w.faults, e)
		} else {
			w.faults[e] = code
		}
	}
}

// Submissions counts the transfer_customer submissions that named ext, so a
// test can tell which customers a retry sent again.
func (w *World) Submissions(ext string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.submitted[ext]
}

// fault records a submission of ext and returns its injected errcode (0: none).
// Call with w.mu held.
func (w *World) fault(ext string) int {
	if w.submitted == nil {
		w.submitted = map[string]int{}
	}
	w.submitted[ext]++
	return w.faults[ext]
}
