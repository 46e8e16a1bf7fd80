package store_test

import (
	"context"
	"regexp"
	"sort"
	"strings"
	"testing"

	"wecomadmin/internal/store"
)

// The differences between the dialects' schemas that are meant. Anything
// else one store has and the other lacks fails TestSchemaParity.
var (
	// SQLite's FTS5 index of messages and the shadow tables FTS5 keeps.
	sqliteOnlyTables = []string{"message_fts", "message_fts_config", "message_fts_data", "message_fts_docsize", "message_fts_idx"}
	// PostgreSQL's full-text index: a tsvector column with a GIN index.
	postgresOnlyColumns = []string{"messages.search"}
	postgresOnlyIndexes = []string{"messages_search"}
	// SQLite has no TRUNCATE.
	postgresOnlyTriggers = []string{"audit_events BEFORE TRUNCATE"}
	// Tables partitioned on PostgreSQL (00100), by their partition key.
	// PostgreSQL requires the key in every unique index and the primary
	// key, so there the key column is part of the primary key and the last
	// column of each unique index; with that taken out, the rest must match
	// SQLite's one table. Partitions themselves are not compared.
	postgresPartitioned = map[string]partitionKey{"messages": {def: "RANGE (msgtime)", column: "msgtime"}}
)

type partitionKey struct{ def, column string }

// TestSchemaParity migrates a fresh SQLite and a fresh PostgreSQL database
// and compares tables, columns (name, nullability, normalised type, primary
// key), indexes (name, table, columns, unique, partial), unique constraints
// and what triggers guard (table, timing, event), so a column, index or
// trigger added on one side only fails here.
func TestSchemaParity(t *testing.T) {
	t.Parallel()
	lite := describeSchema(t, migratedFromZero(t, "sqlite"))
	pg := describeSchema(t, migratedFromZero(t, "postgres"))
	lite.dropTables(sqliteOnlyTables)
	pg.drop("column", postgresOnlyColumns)
	pg.drop("index", postgresOnlyIndexes)
	pg.drop("trigger", postgresOnlyTriggers)
	pg.unpartition(t, postgresPartitioned)
	for _, kind := range []string{"table", "column", "index", "unique", "trigger"} {
		for _, key := range sortedKeys(lite[kind]) {
			l := lite[kind][key]
			p, ok := pg[kind][key]
			switch {
			case !ok:
				t.Errorf("%s %s is on SQLite only (%s)", kind, key, l)
			case p != l:
				t.Errorf("%s %s differs: SQLite %s, PostgreSQL %s", kind, key, l, p)
			}
		}
		for _, key := range sortedKeys(pg[kind]) {
			p := pg[kind][key]
			if _, ok := lite[kind][key]; !ok {
				t.Errorf("%s %s is on PostgreSQL only (%s)", kind, key, p)
			}
		}
	}
	if len(lite["column"]) < 100 || len(lite["trigger"]) == 0 {
		t.Fatalf("read %d columns, %d triggers: the catalog queries found too little", len(lite["column"]), len(lite["trigger"]))
	}
}

// schemaFacts maps a kind ("table", "column", ...) to key → description.
type schemaFacts map[string]map[string]string

func (f schemaFacts) add(kind, key, desc string) {
	if f[kind] == nil {
		f[kind] = map[string]string{}
	}
	f[kind][key] = desc
}

// drop removes the listed keys, failing loudly when one is not there, so an
// allowance outlives nothing it was written for.
func (f schemaFacts) drop(kind string, keys []string) {
	for _, k := range keys {
		if _, ok := f[kind][k]; !ok {
			panic("schema parity: allowed difference " + kind + " " + k + " not found; remove it from the list")
		}
		delete(f[kind], k)
	}
}

// dropTables removes the listed tables with their columns and unique constraints.
func (f schemaFacts) dropTables(tables []string) {
	f.drop("table", tables)
	for _, table := range tables {
		for _, kind := range []string{"column", "unique"} {
			for key := range f[kind] {
				if strings.HasPrefix(key, table+".") || strings.HasPrefix(key, table+"(") {
					delete(f[kind], key)
				}
			}
		}
	}
}

// unpartition checks that exactly the listed tables are partitioned, by
// the listed key, and takes the key out of their primary key and unique
// indexes (where PostgreSQL demands it), failing when it is missing there.
func (f schemaFacts) unpartition(t *testing.T, tables map[string]partitionKey) {
	t.Helper()
	for table, def := range f["partition"] {
		if want, ok := tables[table]; !ok || want.def != def {
			t.Errorf("table %s is partitioned by %s on PostgreSQL; the list says %q", table, def, want.def)
		}
	}
	for table, key := range tables {
		if _, ok := f["partition"][table]; !ok {
			t.Errorf("table %s is not partitioned on PostgreSQL (want %s)", table, key.def)
			continue
		}
		col := table + "." + key.column
		desc, ok := strings.CutSuffix(f["column"][col], " PRIMARY KEY")
		if !ok {
			t.Errorf("partition key %s is not in the primary key", col)
		}
		f["column"][col] = desc
		for name, d := range f["index"] {
			if !strings.HasPrefix(d, "UNIQUE ON "+table+" (") {
				continue
			}
			trimmed, ok := strings.CutSuffix(d, ","+key.column+")")
			if !ok {
				t.Errorf("unique index %s (%s) lacks the partition key %s last", name, d, key.column)
				continue
			}
			f["index"][name] = trimmed + ")"
		}
	}
	delete(f, "partition")
}

// describeSchema reads the catalog of s into comparable facts.
func describeSchema(t *testing.T, s *store.Store) schemaFacts {
	t.Helper()
	q := func(query string) [][]string {
		rows, err := s.QueryStringsForTest(context.Background(), query)
		if err != nil {
			t.Fatalf("%s catalog: %v\n%s", s.Dialect(), err, query)
		}
		return rows
	}
	f := schemaFacts{}
	if s.Dialect() == store.SQLite {
		describeSQLite(f, q)
	} else {
		describePostgres(f, q)
	}
	return f
}

func describeSQLite(f schemaFacts, q func(string) [][]string) {
	for _, r := range q(`SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT IN ('goose_db_version', 'sqlite_sequence')`) {
		f.add("table", r[0], "")
	}
	for _, r := range q(`SELECT m.name, c.name, c.type, c."notnull", c.pk FROM sqlite_master m, pragma_table_info(m.name) c
		WHERE m.type = 'table' AND m.name NOT IN ('goose_db_version', 'sqlite_sequence')`) {
		pk := r[4] != "0"
		f.add("column", r[0]+"."+r[1], columnDesc(r[2], r[3] == "1" || pk, pk))
	}
	for _, r := range q(`SELECT m.name, il.name, il."unique", il.origin, il.partial,
		(SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(il.name) ORDER BY seqno))
		FROM sqlite_master m, pragma_index_list(m.name) il
		WHERE m.type = 'table' AND m.name NOT IN ('goose_db_version', 'sqlite_sequence')`) {
		switch r[3] {
		case "c":
			f.add("index", r[1], indexDesc(r[0], r[5], r[2] == "1", r[4] == "1"))
		case "u":
			f.add("unique", r[0]+"("+r[5]+")", "")
		}
	}
	for _, r := range q(`SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'`) {
		addTriggerEvents(f, r[1], r[2], r[0])
	}
}

func describePostgres(f schemaFacts, q func(string) [][]string) {
	// Partitions (messages_pYYYYMM, messages_default) are the partitioned
	// table's storage, not tables of the schema: only the parent is compared.
	const notPartition = ` NOT IN (SELECT relname FROM pg_class WHERE relispartition)`
	for _, r := range q(`SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_name <> 'goose_db_version' AND table_name` + notPartition) {
		f.add("table", r[0], "")
	}
	for _, r := range q(`SELECT c.relname, pg_get_partkeydef(c.oid) FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'p'`) {
		f.add("partition", r[0], r[1])
	}
	for _, r := range q(`SELECT c.table_name, c.column_name, c.data_type, c.is_nullable,
		EXISTS (SELECT 1 FROM information_schema.table_constraints tc
			JOIN information_schema.key_column_usage k USING (constraint_schema, constraint_name)
			WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'public'
			AND k.table_name = c.table_name AND k.column_name = c.column_name)::text
		FROM information_schema.columns c WHERE c.table_schema = 'public' AND c.table_name <> 'goose_db_version'
		AND c.table_name` + notPartition) {
		f.add("column", r[0]+"."+r[1], columnDesc(r[2], r[3] == "NO", r[4] == "true"))
	}
	for _, r := range q(`SELECT t.relname, i.relname, x.indisunique::text, (x.indpred IS NOT NULL)::text,
		array_to_string(ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true) FROM generate_series(1, x.indnkeyatts) k ORDER BY k), ','),
		EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.contype IN ('p', 'u'))::text,
		EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.contype = 'u')::text
		FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE n.nspname = 'public' AND t.relname <> 'goose_db_version' AND NOT t.relispartition`) {
		switch {
		case r[6] == "true":
			f.add("unique", r[0]+"("+r[4]+")", "")
		case r[5] == "false":
			f.add("index", r[1], indexDesc(r[0], r[4], r[2] == "true", r[3] == "true"))
		}
	}
	for _, r := range q(`SELECT t.tgname, t.tgrelid::regclass::text, pg_get_triggerdef(t.oid)
		FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND NOT c.relispartition`) {
		addTriggerEvents(f, r[1], r[2], r[0])
	}
}

// triggerEvents finds "BEFORE UPDATE OR DELETE ON" in a trigger's definition.
var triggerEvents = regexp.MustCompile(`(?i)\b(BEFORE|AFTER|INSTEAD OF)\s+((?:INSERT|UPDATE|DELETE|TRUNCATE)(?:\s+OR\s+(?:INSERT|UPDATE|DELETE|TRUNCATE))*)\s+ON\b`)

// addTriggerEvents records one fact per (table, timing, event) a trigger
// guards: the dialects name and group their triggers differently.
func addTriggerEvents(f schemaFacts, table, def, name string) {
	m := triggerEvents.FindStringSubmatch(def)
	if m == nil {
		f.add("trigger", table+" "+name, "unparsed: "+def)
		return
	}
	for _, ev := range strings.Fields(m[2]) {
		if strings.EqualFold(ev, "OR") {
			continue
		}
		f.add("trigger", table+" "+strings.ToUpper(m[1])+" "+strings.ToUpper(ev), "")
	}
}

func columnDesc(typ string, notNull, pk bool) string {
	d := normaliseType(typ)
	if notNull {
		d += " NOT NULL"
	}
	if pk {
		d += " PRIMARY KEY"
	}
	return d
}

func indexDesc(table, cols string, unique, partial bool) string {
	d := "ON " + table + " (" + cols + ")"
	if unique {
		d = "UNIQUE " + d
	}
	if partial {
		d += " WHERE ..."
	}
	return d
}

// normaliseType maps both dialects' spellings of a type to one word:
// SQLite's INTEGER is 64-bit, so it and BIGINT are the same column.
func normaliseType(t string) string {
	t = strings.ToLower(strings.TrimSpace(t))
	if i := strings.IndexByte(t, '('); i >= 0 {
		t = strings.TrimSpace(t[:i])
	}
	switch t {
	case "integer", "int", "bigint", "smallint", "int8", "int4":
		return "integer"
	case "text", "varchar", "character varying", "char", "character":
		return "text"
	case "real", "double", "double precision", "float", "float8":
		return "real"
	case "boolean", "bool":
		return "boolean"
	case "blob", "bytea":
		return "blob"
	}
	return t
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
