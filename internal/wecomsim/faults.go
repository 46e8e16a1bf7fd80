package wecomsim

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// FaultSpec is a parsed --faults value: fault name → rate in [0, 1].
//
// Names: "timeout" (hold the request past the client's timeout), "5xx"
// (answer 502 or 503), a WeCom errcode such as "45009" or "-1" (answer that
// errcode), and decision-only names the archive simulator asks about with
// Faults().Hit: "media<code>" (e.g. media10001), "badrecord", the speech
// endpoint's "stt429", "stt5xx" and "sttslow" (package speechsim), or any
// other lower-case word. SDK codes 10000-10011 given bare are also decision-only:
// they are Finance SDK results, not qyapi errcodes.
type FaultSpec map[string]float64

var faultNameRe = regexp.MustCompile(`^(?:timeout|5xx|-?[0-9]{1,9}|media-?[0-9]{1,9}|[a-z][a-z0-9_]{0,31})$`)

// ParseFaults parses "name=rate,name=rate". Spaces around items are
// ignored; an empty spec means no faults. Rates must be in [0, 1], names may
// not repeat, and the request-level faults (timeout, 5xx, errcodes) must not
// add up to more than 1.
func ParseFaults(spec string) (FaultSpec, error) {
	out := FaultSpec{}
	if strings.TrimSpace(spec) == "" {
		return out, nil
	}
	var total float64
	for item := range strings.SplitSeq(spec, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		name, val, ok := strings.Cut(item, "=")
		if !ok {
			return nil, fmt.Errorf("faults: %q: want name=rate", item)
		}
		name, val = strings.TrimSpace(name), strings.TrimSpace(val)
		if !faultNameRe.MatchString(name) {
			return nil, fmt.Errorf("faults: %q: unknown fault name (timeout, 5xx, an errcode, media<code>, badrecord)", name)
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("faults: %q given twice", name)
		}
		rate, err := strconv.ParseFloat(val, 64)
		if err != nil || rate < 0 || rate > 1 || rate != rate {
			return nil, fmt.Errorf("faults: %s: rate %q must be a number in [0, 1]", name, val)
		}
		out[name] = rate
		if requestFault(name) {
			total += rate
		}
	}
	if total > 1+1e-9 {
		return nil, fmt.Errorf("faults: request faults add up to %.3f, more than 1", total)
	}
	return out, nil
}

// requestFault reports whether a fault applies to qyapi requests.
func requestFault(name string) bool {
	if name == "timeout" || name == "5xx" {
		return true
	}
	code, err := strconv.Atoi(name)
	return err == nil && !(code >= 10000 && code <= 10011)
}

// String renders the spec in a stable order.
func (s FaultSpec) String() string {
	names := make([]string, 0, len(s))
	for n := range s {
		names = append(names, n)
	}
	slices.Sort(names)
	parts := make([]string, 0, len(names))
	for _, n := range names {
		parts = append(parts, n+"="+strconv.FormatFloat(s[n], 'g', -1, 64))
	}
	return strings.Join(parts, ",")
}

// Faults draws fault decisions from seeded random streams: one stream for
// qyapi requests and one per decision name, so the archive simulator's
// questions do not shift the API's faults and a run with the same seed and
// the same request order repeats exactly.
type Faults struct {
	mu      sync.Mutex
	seed    int64
	spec    FaultSpec
	req     []string // request faults in a fixed order
	reqRand *rand.Rand
	streams map[string]*rand.Rand
}

func newFaults(spec FaultSpec, seed int64) *Faults {
	f := &Faults{seed: seed, spec: spec, streams: map[string]*rand.Rand{}}
	for n := range spec {
		if requestFault(n) {
			f.req = append(f.req, n)
		}
	}
	slices.Sort(f.req)
	f.reqRand = rand.New(rand.NewPCG(uint64(seed), 0xfa017))
	return f
}

// Spec returns the parsed spec.
func (f *Faults) Spec() FaultSpec {
	f.mu.Lock()
	defer f.mu.Unlock()
	return cloneSpec(f.spec)
}

func cloneSpec(s FaultSpec) FaultSpec {
	out := FaultSpec{}
	for k, v := range s {
		out[k] = v
	}
	return out
}

// Rate returns the configured rate of a fault (0 when absent).
func (f *Faults) Rate(name string) float64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.spec[name]
}

// Hit draws one decision for name: true with the configured rate. Names not
// in the spec never hit (and draw nothing).
func (f *Faults) Hit(name string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	rate, ok := f.spec[name]
	if !ok || rate == 0 {
		return false
	}
	r := f.streams[name]
	if r == nil {
		h := fnv.New64a()
		h.Write([]byte(name))
		r = rand.New(rand.NewPCG(uint64(f.seed), h.Sum64()))
		f.streams[name] = r
	}
	return r.Float64() < rate
}

// request draws the fault for one qyapi request: "" for none, else
// "timeout", "5xx" or an errcode. One uniform draw per request, so the rates
// hold exactly and the faults exclude one another.
func (f *Faults) request() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.req) == 0 {
		return ""
	}
	u := f.reqRand.Float64()
	for _, n := range f.req {
		if u < f.spec[n] {
			return n
		}
		u -= f.spec[n]
	}
	return ""
}

// draw returns a uniform number from the request stream (for choosing 502
// or 503 reproducibly).
func (f *Faults) draw() float64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.reqRand.Float64()
}
