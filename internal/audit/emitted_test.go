package audit_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"wecomadmin/internal/audit"
)

// notEmitted lists catalogued actions no source records, each with why it
// stays in the catalog. Keep it short: an action nothing records is dead.
var notEmitted = map[audit.Action]string{}

// authByName: internal/auth records the same auditevent.Event (audit.Event)
// but names its actions with string literals (it cannot import the catalog
// in audit, which imports auth). Its literals count as emissions and may
// name only catalogued actions, until the catalog moves to a leaf package.
const authByName = "internal/auth/"

// catalogNames maps each action constant's Go name to its code, read from
// action.go so the test sees the names the code must use.
func catalogNames(t *testing.T) map[string]audit.Action {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "action.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]audit.Action{}
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Values) != 1 {
			return true
		}
		if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Action" {
			return true
		}
		if lit, ok := vs.Values[0].(*ast.BasicLit); ok {
			v, _ := strconv.Unquote(lit.Value)
			out[vs.Names[0].Name] = v
		}
		return true
	})
	if len(out) != len(audit.Actions()) {
		t.Fatalf("action.go declares %d actions, Actions() lists %d", len(out), len(audit.Actions()))
	}
	return out
}

// source is one non-test Go file of the module, parsed.
type source struct {
	rel  string // slash path from the module root
	file *ast.File
}

func moduleSources(t *testing.T) []source {
	t.Helper()
	var out []source
	fset := token.NewFileSet()
	for _, dir := range []string{"internal", "cmd"} {
		err := filepath.WalkDir(filepath.Join("..", "..", dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(fset, p, nil, 0)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(filepath.Join("..", ".."), p)
			out = append(out, source{filepath.ToSlash(rel), f})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// auditName is the constant an expression names: audit.X outside the
// package, X inside it.
func auditName(e ast.Expr, inAudit bool) (string, bool) {
	switch x := e.(type) {
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok && id.Name == "audit" {
			return x.Sel.Name, true
		}
	case *ast.Ident:
		if inAudit {
			return x.Name, true
		}
	}
	return "", false
}

// TestRecordedActionsAreCatalogued: every audit.Event names its action by a
// catalog constant (never a string literal or an unknown name), and no
// source spells a catalogued code as a literal instead of its constant.
// TestCataloguedActionsAreEmitted: every catalogued action is recorded
// somewhere (or listed in notEmitted with a reason).
func TestRecordedActionsAreCatalogued(t *testing.T) {
	t.Parallel()
	names := catalogNames(t)
	codes := map[audit.Action]bool{}
	for _, c := range names {
		codes[c] = true
	}
	for _, s := range moduleSources(t) {
		if s.rel == "internal/audit/action.go" {
			continue
		}
		inAudit := s.file.Name.Name == "audit"
		jobNames := map[ast.Node]bool{} // job kinds named after their action: not actions
		ast.Inspect(s.file, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Every" && len(x.Args) > 0 {
					jobNames[x.Args[0]] = true
				}
			case *ast.ValueSpec:
				if len(x.Names) == 1 && len(x.Values) == 1 && strings.Contains(x.Names[0].Name, "Kind") {
					jobNames[x.Values[0]] = true
				}
			case *ast.CompositeLit:
				if tn, ok := auditName(x.Type, inAudit); !ok || tn != "Event" {
					return true
				}
				for _, el := range x.Elts {
					kv, ok := el.(*ast.KeyValueExpr)
					if k, _ := kv.Key.(*ast.Ident); !ok || k == nil || k.Name != "Action" {
						continue
					}
					if lit, ok := kv.Value.(*ast.BasicLit); ok {
						t.Errorf("%s: audit.Event with the literal action %s: use a catalog constant", s.rel, lit.Value)
					} else if sel, ok := kv.Value.(*ast.SelectorExpr); ok {
						// audit.X must be a catalogued constant; a variable (or
						// a call) is checked where its value is spelled.
						if c, ok := auditName(sel, inAudit); ok {
							if _, known := names[c]; !known {
								t.Errorf("%s: audit.Event with action audit.%s, not in the catalog", s.rel, c)
							}
						}
					}
				}
			case *ast.BasicLit:
				v, err := strconv.Unquote(x.Value)
				if err == nil && codes[v] && !jobNames[x] && !strings.HasPrefix(s.rel, authByName) {
					t.Errorf("%s: the catalogued action %q spelled as a literal: use its constant", s.rel, v)
				}
			}
			return true
		})
	}
}

func TestCataloguedActionsAreEmitted(t *testing.T) {
	t.Parallel()
	names := catalogNames(t)
	used := map[audit.Action]bool{}
	for _, s := range moduleSources(t) {
		if s.rel == "internal/audit/action.go" {
			continue
		}
		inAudit := s.file.Name.Name == "audit"
		ast.Inspect(s.file, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.SelectorExpr, *ast.Ident:
				if c, ok := auditName(x.(ast.Expr), inAudit); ok {
					if code, known := names[c]; known {
						used[code] = true
					}
				}
			case *ast.BasicLit:
				if v, err := strconv.Unquote(x.Value); err == nil && strings.HasPrefix(s.rel, authByName) {
					used[v] = true
				}
			}
			return true
		})
	}
	var dead []string
	for _, c := range names {
		if !used[c] {
			if _, ok := notEmitted[c]; !ok {
				dead = append(dead, c)
			}
		} else if why, ok := notEmitted[c]; ok {
			t.Errorf("%s is recorded now: drop it from notEmitted (%s)", c, why)
		}
	}
	slices.Sort(dead)
	for _, c := range dead {
		t.Errorf("catalogued action %s is never recorded: record it, drop it, or list it in notEmitted with a reason", c)
	}
}
