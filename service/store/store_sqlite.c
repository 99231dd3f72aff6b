/*
 * store_sqlite.c - the SQLite implementation of store.h. WAL mode so that
 * readers never wait for the writer, foreign keys on, every statement
 * prepared once per connection, and the schema created and upgraded by the
 * numbered migrations below (PRAGMA user_version records the last applied).
 */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "kcore.h"
#include "store.h"
#include "store_int.h"

/* Migration i brings the schema from version i to i + 1. Never edit one
 * that has shipped; append a new one. */
static const char *const migrations[] = {
	/* 1: units, indicators, sasaran, values with revisions, replays */
	"CREATE TABLE units ("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  parent_id INTEGER REFERENCES units(id),"
	"  level INTEGER NOT NULL);"
	"CREATE INDEX units_parent ON units(parent_id);"
	"CREATE TABLE indicators ("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  satuan TEXT NOT NULL,"
	"  polarity INTEGER NOT NULL,"
	"  value_type INTEGER NOT NULL);"
	"CREATE TABLE sasaran ("
	"  id INTEGER PRIMARY KEY,"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  name TEXT NOT NULL,"
	"  tujuan TEXT NOT NULL DEFAULT '',"
	"  UNIQUE (unit_id, name));"
	"CREATE TABLE sasaran_indicators ("
	"  sasaran_id INTEGER NOT NULL REFERENCES sasaran(id),"
	"  indicator_id INTEGER NOT NULL REFERENCES indicators(id),"
	"  PRIMARY KEY (sasaran_id, indicator_id));"
	/* The latest value of each key; value_revisions keeps them all. */
	"CREATE TABLE indicator_values ("
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  indicator_id INTEGER NOT NULL REFERENCES indicators(id),"
	"  year INTEGER NOT NULL,"
	"  kind INTEGER NOT NULL,"
	"  value_e4 INTEGER,"
	"  predikat INTEGER,"
	"  revision INTEGER NOT NULL,"
	"  PRIMARY KEY (unit_id, indicator_id, year, kind)) WITHOUT ROWID;"
	"CREATE INDEX values_by_indicator"
	"  ON indicator_values(indicator_id, year, kind);"
	"CREATE TABLE value_revisions ("
	"  unit_id INTEGER NOT NULL,"
	"  indicator_id INTEGER NOT NULL,"
	"  year INTEGER NOT NULL,"
	"  kind INTEGER NOT NULL,"
	"  revision INTEGER NOT NULL,"
	"  value_e4 INTEGER,"
	"  predikat INTEGER,"
	"  request_id TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  PRIMARY KEY (unit_id, indicator_id, year, kind, revision)"
	") WITHOUT ROWID;"
	"CREATE TABLE requests ("
	"  request_id TEXT PRIMARY KEY,"
	"  method TEXT NOT NULL,"
	"  reply BLOB NOT NULL,"
	"  created_at INTEGER NOT NULL);",
	/* 2: a replay is matched on the request's digest, and keeps the
	 * whole response (details too); older rows cannot be matched. */
	"DELETE FROM requests;"
	"ALTER TABLE requests ADD COLUMN digest BLOB NOT NULL DEFAULT x'';",
	/* 3: budgets, spending classes, surveys and AKIP evaluations. A
	 * line's seq is its place in the last submission; -1 marks a line
	 * being replaced (see store_budget.c). */
	"CREATE TABLE budget_lines ("
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  year INTEGER NOT NULL,"
	"  tree INTEGER NOT NULL," /* 0 program tree, 1 belanja classes */
	"  code TEXT NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  parent TEXT NOT NULL,"
	"  pagu_sen INTEGER,"
	"  realisasi_sen INTEGER,"
	"  sasaran TEXT NOT NULL,"
	"  output TEXT NOT NULL,"
	"  satuan TEXT NOT NULL,"
	"  output_target_e4 INTEGER,"
	"  output_realisasi_e4 INTEGER,"
	"  PRIMARY KEY (unit_id, year, tree, code)) WITHOUT ROWID;"
	"CREATE TABLE surveys ("
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  year INTEGER NOT NULL,"
	"  respondents INTEGER NOT NULL,"
	"  PRIMARY KEY (unit_id, year)) WITHOUT ROWID;"
	"CREATE TABLE survey_unsur ("
	"  unit_id INTEGER NOT NULL,"
	"  year INTEGER NOT NULL,"
	"  unsur INTEGER NOT NULL,"
	"  sum_e4 INTEGER NOT NULL,"
	"  count INTEGER NOT NULL,"
	"  PRIMARY KEY (unit_id, year, unsur)) WITHOUT ROWID;"
	"CREATE TABLE survey_responses ("
	"  unit_id INTEGER NOT NULL,"
	"  year INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  respondent TEXT NOT NULL,"
	"  scores TEXT NOT NULL," /* the 9 scores, e.g. "4,4,3,4,3,3,4,3,2" */
	"  gender TEXT NOT NULL,"
	"  education TEXT NOT NULL,"
	"  age TEXT NOT NULL,"
	"  occupation TEXT NOT NULL,"
	"  PRIMARY KEY (unit_id, year, seq)) WITHOUT ROWID;"
	"CREATE TABLE survey_profile ("
	"  unit_id INTEGER NOT NULL,"
	"  year INTEGER NOT NULL,"
	"  field TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  count INTEGER NOT NULL,"
	"  PRIMARY KEY (unit_id, year, field, value)) WITHOUT ROWID;"
	"CREATE TABLE akip_components ("
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  year INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  weight_e4 INTEGER NOT NULL,"
	"  score_e4 INTEGER NOT NULL,"
	"  target_e4 INTEGER,"
	"  PRIMARY KEY (unit_id, year, seq)) WITHOUT ROWID;",
	/* 4: a ranking reads one indicator-year of every unit; with the
	 * value in the index it never touches the table (bench/). */
	"DROP INDEX values_by_indicator;"
	"CREATE INDEX values_by_indicator ON indicator_values"
	"  (indicator_id, year, kind, unit_id, value_e4, predikat, revision);",
	/* 5: API tokens (only a hash of the secret) and the history of
	 * every write: who, when, old and new value, request id, reason. */
	"CREATE TABLE tokens ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  role TEXT NOT NULL,"
	"  hash BLOB NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  revoked_at INTEGER);"
	"CREATE TABLE token_units ("
	"  token_id INTEGER NOT NULL REFERENCES tokens(id),"
	"  unit TEXT NOT NULL,"
	"  PRIMARY KEY (token_id, unit)) WITHOUT ROWID;"
	"CREATE TABLE history ("
	"  id INTEGER PRIMARY KEY,"
	"  at_ms INTEGER NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  request_id TEXT NOT NULL,"
	"  method TEXT NOT NULL,"
	"  what TEXT NOT NULL,"
	"  unit TEXT NOT NULL,"
	"  indicator TEXT NOT NULL,"
	"  year INTEGER NOT NULL,"
	"  field TEXT NOT NULL,"
	"  old TEXT,"
	"  new TEXT,"
	"  reason TEXT NOT NULL);"
	"CREATE INDEX history_by_unit ON history (unit, indicator, year, id);",
	/* 6: where a realisasi came from (enum kc_source: 0 stated, 1 the
	 * AKIP components, 2 the survey), and which indicator an evaluation
	 * derives. A realisasi equal to its AKIP components' sum was, before
	 * this, written by the evaluation; one from a survey cannot be told
	 * from a stated one and stays stated. */
	"ALTER TABLE indicator_values ADD COLUMN source INTEGER NOT NULL"
	"  DEFAULT 0;"
	"ALTER TABLE value_revisions ADD COLUMN source INTEGER NOT NULL"
	"  DEFAULT 0;"
	"ALTER TABLE surveys ADD COLUMN indicator TEXT NOT NULL"
	"  DEFAULT 'IKM';"
	"ALTER TABLE akip_components ADD COLUMN indicator TEXT NOT NULL"
	"  DEFAULT 'AKIP';"
	"UPDATE indicator_values SET source = 1 WHERE kind = 4"
	"  AND indicator_id IN (SELECT id FROM indicators WHERE code = 'AKIP')"
	"  AND value_e4 = (SELECT SUM(score_e4) FROM akip_components a"
	"  WHERE a.unit_id = indicator_values.unit_id"
	"  AND a.year = indicator_values.year);",
	/* 7: the valid range an indicator sets (NULL: its kind's default). */
	"ALTER TABLE indicators ADD COLUMN min_e4 INTEGER;"
	"ALTER TABLE indicators ADD COLUMN max_e4 INTEGER;",
	/* 8: replays expire (kstore_set_replay_ttl), oldest first; history
	 * is archived by date (kinerjad history archive). */
	"CREATE INDEX requests_by_time ON requests (created_at);"
	"CREATE INDEX history_by_time ON history (at_ms);",
	/* 9: a replay keeps the write's reply and item errors (a packed
	 * WriteRecord, record = 1), no longer the transport's envelope; the
	 * rows written before keep theirs, marked record = 0, and are read
	 * as such until they expire. */
	"ALTER TABLE requests ADD COLUMN record INTEGER NOT NULL DEFAULT 0;",
	/* 10: triwulan (issue #14). A value's key gains its period (0 the
	 * year, 1-4 a triwulan); every value stored before is the year's.
	 * The key of a WITHOUT ROWID table cannot be altered, so both value
	 * tables are copied into new ones. The key's columns come first:
	 * SQLite 3.40's integrity_check (Debian 12) reports a NOT NULL column
	 * declared after a nullable one and before a key column as NULL. An indicator states whether its
	 * quarterly figures accumulate (0: by its kind). */
	"CREATE TABLE indicator_values_10 ("
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  indicator_id INTEGER NOT NULL REFERENCES indicators(id),"
	"  year INTEGER NOT NULL,"
	"  kind INTEGER NOT NULL,"
	"  period INTEGER NOT NULL DEFAULT 0,"
	"  value_e4 INTEGER,"
	"  predikat INTEGER,"
	"  revision INTEGER NOT NULL,"
	"  source INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (unit_id, indicator_id, year, kind, period))"
	"  WITHOUT ROWID;"
	"INSERT INTO indicator_values_10 SELECT unit_id, indicator_id, year,"
	"  kind, 0, value_e4, predikat, revision, source"
	"  FROM indicator_values;"
	"DROP TABLE indicator_values;"
	"ALTER TABLE indicator_values_10 RENAME TO indicator_values;"
	"CREATE INDEX values_by_indicator ON indicator_values"
	"  (indicator_id, year, kind, period, unit_id, value_e4, predikat,"
	"  revision);"
	"CREATE TABLE value_revisions_10 ("
	"  unit_id INTEGER NOT NULL,"
	"  indicator_id INTEGER NOT NULL,"
	"  year INTEGER NOT NULL,"
	"  kind INTEGER NOT NULL,"
	"  period INTEGER NOT NULL DEFAULT 0,"
	"  revision INTEGER NOT NULL,"
	"  value_e4 INTEGER,"
	"  predikat INTEGER,"
	"  request_id TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  source INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (unit_id, indicator_id, year, kind, period, revision)"
	") WITHOUT ROWID;"
	"INSERT INTO value_revisions_10 SELECT unit_id, indicator_id, year,"
	"  kind, 0, revision, value_e4, predikat, request_id, created_at,"
	"  source FROM value_revisions;"
	"DROP TABLE value_revisions;"
	"ALTER TABLE value_revisions_10 RENAME TO value_revisions;"
	"ALTER TABLE indicators ADD COLUMN quarterly INTEGER NOT NULL"
	"  DEFAULT 0;",
	/* 11: a unit-year's approval state (enum kc_approval) and its last
	 * transition; no row is a draft. Every transition is in history. */
	"CREATE TABLE approvals ("
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  year INTEGER NOT NULL,"
	"  state INTEGER NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  at_ms INTEGER NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  PRIMARY KEY (unit_id, year)) WITHOUT ROWID;",
	/* 12: the respondent count stated with a survey's unsur means
	 * (NULL: not stated; a survey of responses counts them), and the
	 * benchmark of an indicator-year (a national or provincial
	 * standard) with its source. */
	"ALTER TABLE surveys ADD COLUMN stated_respondents INTEGER;"
	"CREATE TABLE benchmarks ("
	"  indicator_id INTEGER NOT NULL REFERENCES indicators(id),"
	"  year INTEGER NOT NULL,"
	"  value_e4 INTEGER NOT NULL,"
	"  source TEXT NOT NULL,"
	"  PRIMARY KEY (indicator_id, year)) WITHOUT ROWID;",
	/* 13: the LKjIP's own text (issue #15, store_text.c): indicator
	 * metadata, who answers for an indicator in a unit (on the link),
	 * narrative sections per unit-year and indicator (indicator_id 0:
	 * a unit-year section), and the unit profile of a year with its
	 * staff counts in the order given. Nullable columns last (see 10). */
	"ALTER TABLE indicators ADD COLUMN type INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE indicators ADD COLUMN definisi TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE indicators ADD COLUMN formula TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE indicators ADD COLUMN sumber_data TEXT NOT NULL"
	"  DEFAULT '';"
	"ALTER TABLE sasaran_indicators ADD COLUMN penanggung_jawab TEXT"
	"  NOT NULL DEFAULT '';"
	"CREATE TABLE narratives ("
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  year INTEGER NOT NULL,"
	"  indicator_id INTEGER NOT NULL,"
	"  section INTEGER NOT NULL,"
	"  text TEXT NOT NULL,"
	"  PRIMARY KEY (unit_id, year, indicator_id, section)) WITHOUT ROWID;"
	"CREATE TABLE unit_profiles ("
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  year INTEGER NOT NULL,"
	"  desa INTEGER NOT NULL,"
	"  kelurahan INTEGER NOT NULL,"
	"  penduduk INTEGER NOT NULL,"
	"  dasar_hukum TEXT NOT NULL,"
	"  tugas_pokok TEXT NOT NULL,"
	"  fungsi TEXT NOT NULL,"
	"  susunan_organisasi TEXT NOT NULL,"
	"  pimpinan_jabatan TEXT NOT NULL,"
	"  pimpinan_nama TEXT NOT NULL,"
	"  pimpinan_nip TEXT NOT NULL,"
	"  sekretaris_nama TEXT NOT NULL,"
	"  sekretaris_nip TEXT NOT NULL,"
	"  atasan_jabatan TEXT NOT NULL,"
	"  atasan_nama TEXT NOT NULL,"
	"  tempat TEXT NOT NULL,"
	"  tanggal_pk TEXT NOT NULL,"
	"  tanggal_pk_perubahan TEXT NOT NULL,"
	"  luas_e2 INTEGER,"
	"  PRIMARY KEY (unit_id, year)) WITHOUT ROWID;"
	"CREATE TABLE unit_staff ("
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  year INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  staff_group INTEGER NOT NULL,"
	"  category TEXT NOT NULL,"
	"  laki_laki INTEGER NOT NULL,"
	"  perempuan INTEGER NOT NULL,"
	"  PRIMARY KEY (unit_id, year, seq)) WITHOUT ROWID;",
};

#define BUSY_WAIT_MS 5000 /* longest wait for the write lock */
#define WAL_PAGES    1000 /* checkpoint the WAL when it has this many */
#define WAL_LIMIT    8192 /* ...and start it over past this many */
#define EXPIRE_EVERY 64 /* replay puts between two expiries */
#define EXPIRE_MAX   256 /* replays one expiry deletes at most */

#define NMIGRATIONS ((int) (sizeof(migrations) / sizeof(migrations[0])))

enum stmt_id {
	S_BEGIN,
	S_BEGIN_READ,
	S_COMMIT,
	S_ROLLBACK,
	S_SAVEPOINT,
	S_RELEASE,
	S_ROLLBACK_TO,
	S_REPLAY_GET,
	S_REPLAY_PUT,
	S_REPLAY_EXPIRE,
	S_UNIT_GET,
	S_UNIT_INSERT,
	S_UNIT_UPDATE,
	S_UNIT_LIST_ALL,
	S_UNIT_LIST_ROOTS,
	S_UNIT_LIST_CHILDREN,
	S_UNIT_MIN_CHILD,
	S_IND_GET,
	S_IND_INSERT,
	S_IND_UPDATE,
	S_IND_LIST,
	S_IND_VALUE_KINDS,
	S_IND_OUTSIDE,
	S_SAS_GET,
	S_SAS_INSERT,
	S_SAS_UPDATE,
	S_SAS_LINK,
	S_SAS_LINKED,
	S_SAS_PJ,
	S_VAL_GET,
	S_VAL_PUT,
	S_VAL_REVISION,
	S_VAL_HISTORY,
	S_LEAVES_ALL,
	S_LEAVES_UNDER,
	S_VALUES_OF_YEAR,
	S_VALUE_ROWS,
	S_CAPAIAN,
	S_VALUE_QUARTERS,
	S_COUNT,
};

static const char *const sql[S_COUNT] = {
	[S_BEGIN]       = "BEGIN IMMEDIATE",
	[S_BEGIN_READ]  = "BEGIN",
	[S_COMMIT]      = "COMMIT",
	[S_ROLLBACK]    = "ROLLBACK",
	[S_SAVEPOINT]   = "SAVEPOINT item",
	[S_RELEASE]     = "RELEASE item",
	[S_ROLLBACK_TO] = "ROLLBACK TO item",
	[S_REPLAY_GET]  = "SELECT reply, method, digest, record FROM requests"
	                  " WHERE request_id = ?1 AND created_at >= ?2",
	/* An expired row of the same id is replaced; a live one is not. */
	[S_REPLAY_PUT]    = "INSERT INTO requests"
	                    " (request_id, method, reply, created_at, digest,"
	                    " record) VALUES (?1, ?2, ?3, ?4, ?5, 1)"
	                    " ON CONFLICT (request_id) DO UPDATE SET"
	                    " method = ?2, reply = ?3, created_at = ?4,"
	                    " digest = ?5, record = 1 WHERE created_at < ?6",
	[S_REPLAY_EXPIRE] = "DELETE FROM requests WHERE rowid IN"
	                    " (SELECT rowid FROM requests"
	                    " WHERE created_at < ?1 ORDER BY created_at"
	                    " LIMIT ?2)",
	[S_UNIT_GET]      = "SELECT u.id, u.code, u.name, IFNULL(p.code, ''),"
	                    " u.level FROM units u"
	                    " LEFT JOIN units p ON p.id = u.parent_id"
	                    " WHERE u.code = ?1",
	[S_UNIT_INSERT]   = "INSERT INTO units (code, name, parent_id, level)"
	                    " VALUES (?1, ?2, (SELECT id FROM units"
	                    " WHERE code = ?3), ?4)",
	[S_UNIT_UPDATE] = "UPDATE units SET name = ?2, parent_id = (SELECT id"
	                  " FROM units WHERE code = ?3), level = ?4"
	                  " WHERE code = ?1",
	[S_UNIT_LIST_ALL] = "SELECT u.id, u.code, u.name, IFNULL(p.code, ''),"
	                    " u.level FROM units u"
	                    " LEFT JOIN units p ON p.id = u.parent_id"
	                    " ORDER BY u.level, u.code",
	[S_UNIT_LIST_ROOTS]    = "SELECT id, code, name, '', level FROM units"
	                         " WHERE parent_id IS NULL ORDER BY level, code",
	[S_UNIT_LIST_CHILDREN] = "SELECT u.id, u.code, u.name, p.code, u.level"
	                         " FROM units u JOIN units p"
	                         " ON p.id = u.parent_id WHERE p.code = ?1"
	                         " ORDER BY u.level, u.code",
	[S_UNIT_MIN_CHILD]     = "SELECT IFNULL(MIN(c.level), 0) FROM units c"
	                         " JOIN units p ON p.id = c.parent_id"
	                         " WHERE p.code = ?1",
	[S_IND_GET]    = "SELECT id, code, name, satuan, polarity, value_type,"
	                 " min_e4, max_e4, quarterly FROM indicators"
	                 " WHERE code = ?1",
	[S_IND_INSERT] = "INSERT INTO indicators (code, name, satuan,"
	                 " polarity, value_type, min_e4, max_e4, quarterly)"
	                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[S_IND_UPDATE] = "UPDATE indicators SET name = ?2, satuan = ?3,"
	                 " polarity = ?4, value_type = ?5, min_e4 = ?6,"
	                 " max_e4 = ?7, quarterly = ?8 WHERE code = ?1",
	[S_IND_LIST]   = "SELECT id, code, name, satuan, polarity, value_type,"
	                 " min_e4, max_e4, quarterly FROM indicators"
	                 " ORDER BY code",
	[S_IND_VALUE_KINDS] =
	    "SELECT COUNT(*) FILTER (WHERE value_e4 IS NULL),"
	    " COUNT(*) FILTER (WHERE value_e4 < 0"
	    " OR value_e4 > 1000000) FROM indicator_values"
	    " WHERE indicator_id = (SELECT id FROM indicators"
	    " WHERE code = ?1)",
	[S_IND_OUTSIDE] =
	    "SELECT COUNT(*) FROM indicator_values"
	    " WHERE indicator_id = (SELECT id FROM indicators WHERE code = ?1)"
	    " AND (value_e4 < ?2 OR value_e4 > ?3)",
	[S_SAS_GET]      = "SELECT s.id, s.tujuan FROM sasaran s"
	                   " WHERE s.unit_id = ?1 AND s.name = ?2",
	[S_SAS_INSERT]   = "INSERT INTO sasaran (unit_id, name, tujuan)"
	                   " VALUES (?1, ?2, ?3)",
	[S_SAS_UPDATE]   = "UPDATE sasaran SET tujuan = ?2 WHERE id = ?1",
	[S_SAS_LINKED]   = "SELECT 1 FROM sasaran s JOIN sasaran_indicators si"
	                   " ON si.sasaran_id = s.id WHERE s.unit_id = ?1"
	                   " AND si.indicator_id = ?2 LIMIT 1",
	[S_SAS_LINK]     = "INSERT OR IGNORE INTO sasaran_indicators"
	                   " (sasaran_id, indicator_id, penanggung_jawab)"
	                   " VALUES (?1, ?2, ?3)",
	[S_SAS_PJ]       = "UPDATE sasaran_indicators SET penanggung_jawab = ?3"
	                   " WHERE sasaran_id = ?1 AND indicator_id = ?2"
	                   " AND penanggung_jawab <> ?3",
	[S_VAL_GET]      = "SELECT value_e4, predikat, revision, source"
	                   " FROM indicator_values WHERE unit_id = ?1"
	                   " AND indicator_id = ?2 AND year = ?3 AND kind = ?4"
	                   " AND period = ?5",
	[S_VAL_PUT] = "INSERT OR REPLACE INTO indicator_values (unit_id,"
	              " indicator_id, year, kind, value_e4, predikat, revision,"
	              " source, period)"
	              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?10, ?11)",
	[S_VAL_REVISION] = "INSERT INTO value_revisions (unit_id,"
	                   " indicator_id, year, kind, revision, value_e4,"
	                   " predikat, request_id, created_at, source, period)"
	                   " VALUES (?1, ?2, ?3, ?4, ?7, ?5, ?6, ?8, ?9, ?10,"
	                   " ?11)",
	[S_VAL_HISTORY] =
	    "SELECT value_e4, predikat, revision"
	    " FROM value_revisions"
	    " WHERE unit_id = (SELECT id FROM units WHERE code = ?1)"
	    " AND indicator_id = (SELECT id FROM indicators"
	    " WHERE code = ?2) AND year = ?3 AND kind = ?4 AND period = ?5"
	    " ORDER BY revision",
	[S_LEAVES_ALL] = "SELECT u.id, u.code, u.name, IFNULL(p.code, ''),"
	                 " u.level FROM units u"
	                 " LEFT JOIN units p ON p.id = u.parent_id"
	                 " WHERE u.id NOT IN (SELECT parent_id FROM units"
	                 " WHERE parent_id IS NOT NULL) ORDER BY u.code",
	[S_LEAVES_UNDER] =
	    "WITH RECURSIVE under(id) AS ("
	    " SELECT id FROM units WHERE code = ?1"
	    " UNION ALL SELECT u.id FROM units u JOIN under"
	    " ON u.parent_id = under.id)"
	    " SELECT u.id, u.code, u.name, p.code, u.level FROM units u"
	    " JOIN units p ON p.id = u.parent_id"
	    " WHERE u.id IN under AND u.code != ?1 AND u.id NOT IN"
	    " (SELECT parent_id FROM units WHERE parent_id IS NOT NULL)"
	    " ORDER BY u.code",
	[S_VALUES_OF_YEAR] =
	    "SELECT v.value_e4, v.predikat, v.revision, u.code"
	    " FROM indicator_values v JOIN units u ON u.id = v.unit_id"
	    " WHERE v.indicator_id = (SELECT id FROM indicators"
	    " WHERE code = ?1) AND v.year = ?2 AND v.kind = ?3"
	    " AND v.period = 0",
	[S_VALUE_ROWS] =
	    "SELECT value_e4, predikat, revision, year, kind, source"
	    " FROM indicator_values"
	    " WHERE unit_id = (SELECT id FROM units WHERE code = ?1)"
	    " AND indicator_id = (SELECT id FROM indicators WHERE code = ?2)"
	    " AND year BETWEEN ?3 AND ?4 AND period = 0 ORDER BY year, kind",
	[S_CAPAIAN] =
	    "SELECT s.name, s.tujuan, i.code, i.name, i.satuan, i.polarity,"
	    " i.value_type, t.value_e4, t.predikat, t.revision,"
	    " r.value_e4, r.predikat, r.revision, r.source, i.quarterly"
	    " FROM sasaran s"
	    " JOIN sasaran_indicators si ON si.sasaran_id = s.id"
	    " JOIN indicators i ON i.id = si.indicator_id"
	    " LEFT JOIN indicator_values t ON t.unit_id = s.unit_id"
	    "  AND t.indicator_id = i.id AND t.year = ?2 AND t.kind = ?3"
	    "  AND t.period = 0"
	    " LEFT JOIN indicator_values r ON r.unit_id = s.unit_id"
	    "  AND r.indicator_id = i.id AND r.year = ?2 AND r.kind = 4"
	    "  AND r.period = 0"
	    " WHERE s.unit_id = (SELECT id FROM units WHERE code = ?1)"
	    " ORDER BY s.id, si.rowid",
	[S_VALUE_QUARTERS] =
	    "SELECT value_e4, predikat, revision, kind, period"
	    " FROM indicator_values"
	    " WHERE unit_id = (SELECT id FROM units WHERE code = ?1)"
	    " AND indicator_id = (SELECT id FROM indicators WHERE code = ?2)"
	    " AND year = ?3 AND kind IN (3, 4) ORDER BY kind, period",
};

#define MAX_EXTRA 96 /* statements of the other store files */

struct kstore {
	sqlite3        *db;
	sqlite3_stmt   *stmt[S_COUNT]; /* prepared on first use */
	int64_t         deadline_ms; /* 0: none */
	char            err[256];
	struct khealth *health; /* shared with the file's other connections */
	int64_t (*clock)(void); /* wall clock, unix seconds; NULL: time() */
	int64_t  replay_ttl_s; /* 0: replays are kept */
	unsigned replay_puts; /* since the last expiry */
	int      writing; /* in a transaction begun by kstore_begin */
	struct {
		const char   *sql; /* the caller's static string is the key */
		sqlite3_stmt *s;
	} extra[MAX_EXTRA];
	int nextra;
	/* The last unit and indicator looked up by code: a batch of values
	 * names the same few again and again. Valid only inside the
	 * transaction that read them, and forgotten on any unit or
	 * indicator write. */
	struct {
		char    code[64];
		int64_t id;
	} unit_memo;
	struct {
		char              code[64];
		int64_t           id;
		struct kindicator ind; /* strings in buf */
		char              buf[KSTORE_BUF];
	} ind_memo;
	/* Whether that unit shows that indicator in a sasaran; forgotten
	 * with the memos above and on any sasaran write. */
	struct {
		int64_t unit_id, ind_id;
		int     linked, valid;
	} link_memo;
};

static void
forget(struct kstore *st)
{
	st->unit_memo.code[0] = 0;
	st->ind_memo.code[0]  = 0;
	st->link_memo.valid   = 0;
}

/* Whether code may be remembered: it fits the memo's char[64], and a
 * transaction is open (the memo is forgotten when it ends). */
static int
memo_fits(struct kstore *st, const char *code)
{
	return *code != 0 && strlen(code) < 64 &&
	       !sqlite3_get_autocommit(st->db);
}

int64_t
kstore_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
kstore_schema_version(void)
{
	return NMIGRATIONS;
}

const char *
kstore_errmsg(struct kstore *st)
{
	return st->err;
}

static int
expired(const struct kstore *st)
{
	return st->deadline_ms != 0 && kstore_now_ms() > st->deadline_ms;
}

static int
fail(struct kstore *st, int rc)
{
	if (rc == SQLITE_INTERRUPT || (rc == SQLITE_BUSY && expired(st))) {
		snprintf(st->err, sizeof(st->err), "deadline exceeded");
		return KS_INTERRUPTED;
	}
	snprintf(st->err, sizeof(st->err), "%s", sqlite3_errmsg(st->db));
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return KS_BUSY;
	kst_health_fault(
	    st->health, sqlite3_extended_errcode(st->db), st->err);
	return KS_ERROR;
}

/*
 * After a write fault, a write that changes nothing (the schema version set
 * to itself), at most every PROBE_MS: once Health says NOT_SERVING a load
 * balancer sends no more writes, and without one the mark would stay.
 */
static void
probe_write(struct kstore *st)
{
	char text[80];
	int  rc;

	snprintf(text, sizeof(text),
	    "BEGIN IMMEDIATE; PRAGMA user_version = %d; COMMIT", NMIGRATIONS);
	if ((rc = sqlite3_exec(st->db, text, 0, 0, 0)) == SQLITE_OK) {
		kst_health_ok(st->health);
		return;
	}
	fail(st, rc);
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", 0, 0, 0);
}

int
kstore_health(struct kstore *st, char *reason, size_t len)
{
	const char *path = sqlite3_db_filename(st->db, "main");

	if (kst_health_wants_probe(st->health))
		probe_write(st);
	return kst_health_check(st->health, path ? path : "", reason, len);
}

/* Interrupts a statement once the deadline has passed. */
static int
progress(void *arg)
{
	return expired(arg);
}

/* Waits for another connection's write lock in 2 ms steps, for up to
 * BUSY_WAIT_MS but never past the request's deadline. */
static int
busy(void *arg, int count)
{
	struct timespec ts = { 0, 2000000 };

	if (count * 2 >= BUSY_WAIT_MS || expired(arg))
		return 0;
	nanosleep(&ts, NULL);
	return 1;
}

/*
 * SQLite checkpoints the WAL every WAL_PAGES pages, but starts it over only
 * when no reader is using it, and with requests arriving steadily some
 * reader always is: under tests/test_load.c it grew by 6 GB a minute, and
 * the memory of kinerjad with its index. Past WAL_LIMIT pages the writer
 * that just committed waits for the readers (through busy(), so no longer
 * than BUSY_WAIT_MS or its deadline) to move to the database file, then
 * truncates the WAL. New readers do not wait: the WAL is checkpointed.
 */
static int
wal_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
	(void) arg;
	if (pages >= WAL_LIMIT)
		sqlite3_wal_checkpoint_v2(
		    db, name, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	else if (pages >= WAL_PAGES)
		sqlite3_wal_checkpoint_v2(
		    db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return SQLITE_OK;
}

void
kstore_set_deadline(struct kstore *st, int64_t deadline_ms)
{
	st->deadline_ms = deadline_ms;
}

static sqlite3_stmt *
stmt(struct kstore *st, enum stmt_id id)
{
	if (st->stmt[id] == NULL &&
	    sqlite3_prepare_v3(st->db, sql[id], -1, SQLITE_PREPARE_PERSISTENT,
	        &st->stmt[id], NULL) != SQLITE_OK) {
		fail(st, SQLITE_ERROR);
		return NULL;
	}
	return st->stmt[id];
}

/* Runs a statement that returns no rows. */
static int
exec_stmt(struct kstore *st, sqlite3_stmt *s)
{
	int rc;

	if (s == NULL)
		return KS_ERROR;
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? KS_OK : fail(st, rc);
}

static int
exec_id(struct kstore *st, enum stmt_id id)
{
	return exec_stmt(st, stmt(st, id));
}

int
kstore_backup(struct kstore *st, const char *path)
{
	sqlite3        *dst;
	sqlite3_backup *b;
	int             rc;

	/* The backup holds what the database does: private too. */
	kst_create_private(path);
	rc = sqlite3_open_v2(
	    path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		snprintf(st->err, sizeof(st->err), "%s: %s", path,
		    dst ? sqlite3_errmsg(dst) : "cannot open");
		sqlite3_close(dst);
		return KS_ERROR;
	}
	/* One step copies a consistent snapshot: the source is read in one
	 * transaction, and in WAL mode the server's writers go on. */
	if ((b = sqlite3_backup_init(dst, "main", st->db, "main")) == NULL) {
		snprintf(st->err, sizeof(st->err), "%s", sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return KS_ERROR;
	}
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		snprintf(st->err, sizeof(st->err), "%s", sqlite3_errmsg(dst));
	else if ((rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL,
	              NULL, NULL)) == SQLITE_OK)
		rc = SQLITE_DONE;
	sqlite3_close(dst);
	return rc == SQLITE_DONE ? KS_OK : KS_ERROR;
}

int
kstore_size(struct kstore *st, uint64_t *bytes)
{
	sqlite3_stmt *s;
	int           rc;

	rc = sqlite3_prepare_v2(st->db,
	    "SELECT page_count * page_size FROM pragma_page_count(), "
	    "pragma_page_size()",
	    -1, &s, NULL);
	if (rc != SQLITE_OK)
		return fail(st, rc);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*bytes = (uint64_t) sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? KS_OK : fail(st, rc);
}

/* The schema version the file records; refuses one this kinerjad cannot
 * serve. Reads only: nothing is changed before the version is known. */
static int
read_version(struct kstore *st, int *version)
{
	sqlite3_stmt *s;
	int           rc;

	if ((rc = sqlite3_prepare_v2(
	         st->db, "PRAGMA user_version", -1, &s, NULL)) != SQLITE_OK)
		return fail(st, rc);
	rc       = sqlite3_step(s);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return fail(st, rc);
	if (*version < 0) {
		snprintf(st->err, sizeof(st->err),
		    "database schema version %d is not one kinerja writes "
		    "(0 to %d): the file is damaged or not kinerja's",
		    *version, NMIGRATIONS);
		return KS_ERROR;
	}
	if (*version > NMIGRATIONS) {
		snprintf(st->err, sizeof(st->err),
		    "database schema version %d is newer than this kinerjad "
		    "(%d); left unchanged",
		    *version, NMIGRATIONS);
		return KS_ERROR;
	}
	return KS_OK;
}

/* Applies migrations version..NMIGRATIONS-1, each in its transaction. */
static int
migrate(struct kstore *st, int version)
{
	int  rc;
	char pragma[64];

	assert(version >= 0 && version <= NMIGRATIONS);
	for (; version < NMIGRATIONS; version++) {
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d",
		    version + 1);
		if ((rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", 0, 0, 0)) ||
		    (rc = sqlite3_exec(
		         st->db, migrations[version], 0, 0, 0)) ||
		    (rc = sqlite3_exec(st->db, pragma, 0, 0, 0)) ||
		    (rc = sqlite3_exec(st->db, "COMMIT", 0, 0, 0))) {
			int ret = fail(st, rc);
			sqlite3_exec(st->db, "ROLLBACK", 0, 0, 0);
			return ret;
		}
	}
	return KS_OK;
}

/* synchronous = FULL: a commit is on disk before it is acknowledged,
 * power loss included; NORMAL in WAL mode would survive a crash of
 * kinerjad but could lose the last commits with the machine. */
static int
configure(struct kstore *st)
{
	int rc = sqlite3_exec(st->db,
	    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
	    "PRAGMA foreign_keys = ON;",
	    0, 0, 0);

	if (rc != SQLITE_OK)
		return fail(st, rc);
	sqlite3_busy_handler(st->db, busy, st);
	sqlite3_progress_handler(st->db, 1000, progress, st);
	sqlite3_wal_hook(st->db, wal_hook, st);
	return KS_OK;
}

int
kstore_open(const char *path, struct kstore **out, char *err, size_t errlen)
{
	struct kstore *st = calloc(1, sizeof(*st));
	int            rc, version;

	if (st == NULL) {
		snprintf(err, errlen, "out of memory");
		return KS_ERROR;
	}
	st->replay_ttl_s = KSTORE_REPLAY_TTL;
	kst_create_private(path);
	rc = sqlite3_open_v2(path, &st->db,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	    NULL);
	if (rc != SQLITE_OK) {
		fail(st, rc);
		goto bad;
	}
	st->health = kst_health_get(path);
	if (read_version(st, &version) != KS_OK || configure(st) != KS_OK ||
	    migrate(st, version) != KS_OK)
		goto bad;
	*out = st;
	return KS_OK;
bad:
	snprintf(err, errlen, "%s: %s", path, st->err);
	kstore_close(st);
	return KS_ERROR;
}

void
kstore_close(struct kstore *st)
{
	int i;

	if (st == NULL)
		return;
	for (i = 0; i < S_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	for (i = 0; i < st->nextra; i++)
		sqlite3_finalize(st->extra[i].s);
	sqlite3_close(st->db);
	kst_health_put(st->health);
	free(st);
}

int
kstore_begin(struct kstore *st)
{
	forget(st);
	st->writing = 1;
	return exec_id(st, S_BEGIN);
}

int
kstore_begin_read(struct kstore *st)
{
	forget(st);
	return exec_id(st, S_BEGIN_READ);
}

int
kstore_commit(struct kstore *st)
{
	int rc;

	forget(st);
	rc = exec_id(st, S_COMMIT);

	if (rc != KS_OK)
		kstore_rollback(st);
	else if (st->writing)
		kst_health_ok(st->health);
	st->writing = 0;
	return rc;
}

void
kstore_rollback(struct kstore *st)
{
	forget(st);
	st->writing = 0;
	if (!sqlite3_get_autocommit(st->db))
		exec_id(st, S_ROLLBACK);
}

int
kstore_savepoint(struct kstore *st)
{
	return exec_id(st, S_SAVEPOINT);
}

int
kstore_release(struct kstore *st)
{
	return exec_id(st, S_RELEASE);
}

void
kstore_rollback_savepoint(struct kstore *st)
{
	forget(st);
	exec_id(st, S_ROLLBACK_TO);
	exec_id(st, S_RELEASE);
}

static void
bind_text(sqlite3_stmt *s, int i, const char *v)
{
	sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

/* Steps a one-row query; KS_OK with the row ready, or KS_NOTFOUND. */
static int
step_one(struct kstore *st, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		return KS_OK;
	rc = rc == SQLITE_DONE ? KS_NOTFOUND : fail(st, rc);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc;
}

static void
done(sqlite3_stmt *s)
{
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

/* Copies a string into buf, returning a pointer to the copy (cut short
 * when buf is full). */
static const char *
str_copy(const char *v, char **buf, size_t *left)
{
	size_t n  = strlen(v) + 1;
	char  *at = *buf;

	if (n > *left)
		n = *left;
	if (n == 0)
		return "";
	memcpy(at, v, n - 1);
	at[n - 1] = 0;
	*buf += n;
	*left -= n;
	return at;
}

/* Copies column text into buf, returning a pointer to it. */
static const char *
col_copy(sqlite3_stmt *s, int col, char **buf, size_t *left)
{
	const char *v = (const char *) sqlite3_column_text(s, col);

	return str_copy(v ? v : "", buf, left);
}

static int64_t
wall_now(const struct kstore *st)
{
	return st->clock != NULL ? st->clock() : (int64_t) time(NULL);
}

/* Rows created before this are expired; INT64_MIN when none expire. */
static int64_t
replay_cutoff(const struct kstore *st)
{
	return st->replay_ttl_s > 0 ? wall_now(st) - st->replay_ttl_s
	                            : INT64_MIN;
}

void
kstore_set_replay_ttl(struct kstore *st, int64_t ttl_s)
{
	st->replay_ttl_s = ttl_s;
}

void
kstore_set_clock(struct kstore *st, int64_t (*now)(void))
{
	st->clock = now;
}

int
kstore_replay_get(struct kstore *st, const char *request_id,
    struct kreplay *out, char *method_buf, size_t method_len)
{
	sqlite3_stmt *s = stmt(st, S_REPLAY_GET);
	int           rc;

	if (s == NULL)
		return KS_ERROR;
	bind_text(s, 1, request_id);
	/* Expired rows may linger until an expiry deletes them. */
	sqlite3_bind_int64(s, 2, replay_cutoff(st));
	if ((rc = step_one(st, s)) != KS_OK)
		return rc;
	out->len   = (size_t) sqlite3_column_bytes(s, 0);
	out->reply = malloc(out->len + 1);
	if (out->reply != NULL && out->len > 0)
		memcpy(out->reply, sqlite3_column_blob(s, 0), out->len);
	out->method = col_copy(s, 1, &method_buf, &method_len);
	memset(out->digest, 0, sizeof(out->digest));
	if (sqlite3_column_bytes(s, 2) == (int) sizeof(out->digest))
		memcpy(out->digest, sqlite3_column_blob(s, 2),
		    sizeof(out->digest));
	out->envelope = sqlite3_column_int(s, 3) == 0;
	done(s);
	return out->reply == NULL ? KS_ERROR : KS_OK;
}

int
kstore_replay_expire(struct kstore *st, int limit)
{
	sqlite3_stmt *s;
	int           rc;

	if (st->replay_ttl_s <= 0)
		return 0;
	if ((s = stmt(st, S_REPLAY_EXPIRE)) == NULL)
		return KS_ERROR;
	sqlite3_bind_int64(s, 1, replay_cutoff(st));
	sqlite3_bind_int(s, 2, limit);
	if ((rc = exec_stmt(st, s)) != KS_OK)
		return rc;
	return sqlite3_changes(st->db);
}

/*
 * Every EXPIRE_EVERY puts, the writer deletes up to EXPIRE_MAX expired
 * replays in its own transaction: four times as fast as they come, so the
 * table stops growing at a ttl's worth of writes, and no write pays for
 * more than one bounded DELETE on the created_at index.
 */
int
kstore_replay_put(
    struct kstore *st, const char *request_id, const struct kreplay *r)
{
	sqlite3_stmt *s = stmt(st, S_REPLAY_PUT);
	int           rc;

	if (s == NULL)
		return KS_ERROR;
	bind_text(s, 1, request_id);
	bind_text(s, 2, r->method);
	sqlite3_bind_blob(
	    s, 3, r->len ? r->reply : "", (int) r->len, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, (sqlite3_int64) wall_now(st));
	sqlite3_bind_blob(
	    s, 5, r->digest, (int) sizeof(r->digest), SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, replay_cutoff(st));
	if ((rc = exec_stmt(st, s)) != KS_OK)
		return rc;
	if (sqlite3_changes(st->db) == 0) {
		snprintf(st->err, sizeof(st->err),
		    "request_id \"%.64s\" is taken", request_id);
		return KS_ERROR;
	}
	if (++st->replay_puts < EXPIRE_EVERY)
		return KS_OK;
	st->replay_puts = 0;
	rc              = kstore_replay_expire(st, EXPIRE_MAX);
	return rc < 0 ? rc : KS_OK;
}

/* Runs a statement keyed by one code; KS_OK leaves its row in *out, to be
 * finished with done(). */
static int
row_by_code(
    struct kstore *st, enum stmt_id id, const char *code, sqlite3_stmt **out)
{
	if ((*out = stmt(st, id)) == NULL)
		return KS_ERROR;
	bind_text(*out, 1, code);
	return step_one(st, *out);
}

/* Reads column 0 of the row a statement keyed by one code returns. */
static int
int_by_code(struct kstore *st, enum stmt_id id, const char *code, int64_t *out)
{
	sqlite3_stmt *s;
	int           rc;

	if ((rc = row_by_code(st, id, code, &s)) != KS_OK)
		return rc;
	*out = sqlite3_column_int64(s, 0);
	done(s);
	return KS_OK;
}

static int
unit_id(struct kstore *st, const char *code, int64_t *id)
{
	int rc;

	if (strcmp(st->unit_memo.code, code) == 0 && *code) {
		*id = st->unit_memo.id;
		return KS_OK;
	}
	rc = int_by_code(st, S_UNIT_GET, code, id);
	if (rc == KS_OK && memo_fits(st, code)) {
		strcpy(st->unit_memo.code, code);
		st->unit_memo.id = *id;
	}
	return rc;
}

int
kstore_unit_exists(struct kstore *st, const char *code)
{
	int64_t id;

	return unit_id(st, code, &id);
}

static void
read_unit(sqlite3_stmt *s, struct kunit *u)
{
	u->code   = (const char *) sqlite3_column_text(s, 1);
	u->name   = (const char *) sqlite3_column_text(s, 2);
	u->parent = (const char *) sqlite3_column_text(s, 3);
	u->level  = sqlite3_column_int(s, 4);
}

int
kstore_unit_get(struct kstore *st, const char *code, struct kunit *out,
    char *buf, size_t buflen)
{
	sqlite3_stmt *s;
	int           rc;

	if ((rc = row_by_code(st, S_UNIT_GET, code, &s)) != KS_OK)
		return rc;
	out->code   = col_copy(s, 1, &buf, &buflen);
	out->name   = col_copy(s, 2, &buf, &buflen);
	out->parent = col_copy(s, 3, &buf, &buflen);
	out->level  = sqlite3_column_int(s, 4);
	done(s);
	return KS_OK;
}

int
kstore_unit_put(struct kstore *st, const struct kunit *u, enum kchange *change)
{
	struct kunit  old;
	char          buf[KSTORE_BUF];
	sqlite3_stmt *s;
	int64_t       parent_id;
	int           prc;

	forget(st);
	int rc = kstore_unit_get(st, u->code, &old, buf, sizeof(buf));

	if (rc < 0)
		return rc;
	if (*u->parent && (prc = unit_id(st, u->parent, &parent_id)) != KS_OK)
		return prc;
	if (rc == KS_OK && strcmp(old.name, u->name) == 0 &&
	    strcmp(old.parent, u->parent) == 0 && old.level == u->level) {
		*change = KS_UNCHANGED;
		return KS_OK;
	}
	s       = stmt(st, rc == KS_OK ? S_UNIT_UPDATE : S_UNIT_INSERT);
	*change = rc == KS_OK ? KS_UPDATED : KS_CREATED;
	if (s == NULL)
		return KS_ERROR;
	bind_text(s, 1, u->code);
	bind_text(s, 2, u->name);
	bind_text(s, 3, u->parent);
	sqlite3_bind_int(s, 4, u->level);
	return exec_stmt(st, s);
}

int
kstore_unit_list(struct kstore *st, const char *parent, kunit_cb cb, void *arg)
{
	enum stmt_id  id = parent == NULL ? S_UNIT_LIST_ALL
	                   : *parent == 0 ? S_UNIT_LIST_ROOTS
	                                  : S_UNIT_LIST_CHILDREN;
	sqlite3_stmt *s  = stmt(st, id);
	struct kunit  u;
	int           rc;

	if (s == NULL)
		return KS_ERROR;
	if (id == S_UNIT_LIST_CHILDREN)
		bind_text(s, 1, parent);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		read_unit(s, &u);
		if (cb(arg, &u) != 0)
			break;
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? KS_OK : fail(st, rc);
	done(s);
	return rc;
}

int
kstore_unit_min_child_level(struct kstore *st, const char *code, int *level)
{
	int64_t v  = 0;
	int     rc = int_by_code(st, S_UNIT_MIN_CHILD, code, &v);

	*level = (int) v;
	return rc;
}

static void
read_indicator(sqlite3_stmt *s, struct kindicator *i)
{
	i->code       = (const char *) sqlite3_column_text(s, 1);
	i->name       = (const char *) sqlite3_column_text(s, 2);
	i->satuan     = (const char *) sqlite3_column_text(s, 3);
	i->polarity   = sqlite3_column_int(s, 4);
	i->value_type = sqlite3_column_int(s, 5);
	i->has_min    = sqlite3_column_type(s, 6) != SQLITE_NULL;
	i->min_e4     = sqlite3_column_int64(s, 6);
	i->has_max    = sqlite3_column_type(s, 7) != SQLITE_NULL;
	i->max_e4     = sqlite3_column_int64(s, 7);
	i->quarterly  = sqlite3_column_int(s, 8);
}

/* Whether two indicators set the same bounds. */
static int
same_range(const struct kindicator *a, const struct kindicator *b)
{
	return a->has_min == b->has_min && a->has_max == b->has_max &&
	       (!a->has_min || a->min_e4 == b->min_e4) &&
	       (!a->has_max || a->max_e4 == b->max_e4);
}

static void
copy_indicator(const struct kindicator *from, struct kindicator *to, char *buf,
    size_t len)
{
	*to        = *from;
	to->code   = str_copy(from->code, &buf, &len);
	to->name   = str_copy(from->name, &buf, &len);
	to->satuan = str_copy(from->satuan, &buf, &len);
}

/* Reads the indicator into the memo; KS_OK when found. */
static int
indicator_row(struct kstore *st, const char *code)
{
	sqlite3_stmt     *s;
	struct kindicator ind;
	int               rc;

	if (strcmp(st->ind_memo.code, code) == 0 && *code)
		return KS_OK;
	st->ind_memo.code[0] = 0;
	if ((rc = row_by_code(st, S_IND_GET, code, &s)) != KS_OK)
		return rc;
	read_indicator(s, &ind);
	st->ind_memo.id = sqlite3_column_int64(s, 0);
	copy_indicator(&ind, &st->ind_memo.ind, st->ind_memo.buf,
	    sizeof(st->ind_memo.buf));
	done(s);
	if (memo_fits(st, code)) /* else the memo is only a scratch copy */
		strcpy(st->ind_memo.code, code);
	return KS_OK;
}

int
kstore_indicator_get(struct kstore *st, const char *code,
    struct kindicator *out, char *buf, size_t buflen)
{
	int rc = indicator_row(st, code);

	if (rc == KS_OK)
		copy_indicator(&st->ind_memo.ind, out, buf, buflen);
	return rc;
}

int
kstore_indicator_put(
    struct kstore *st, const struct kindicator *ind, enum kchange *change)
{
	struct kindicator old;
	char              buf[KSTORE_BUF];
	sqlite3_stmt     *s;
	int               rc;

	rc = kstore_indicator_get(st, ind->code, &old, buf, sizeof(buf));
	if (rc < 0)
		return rc;
	if (rc == KS_OK && strcmp(old.name, ind->name) == 0 &&
	    strcmp(old.satuan, ind->satuan) == 0 &&
	    old.polarity == ind->polarity &&
	    old.value_type == ind->value_type && same_range(&old, ind) &&
	    old.quarterly == ind->quarterly) {
		*change = KS_UNCHANGED;
		return KS_OK;
	}
	s       = stmt(st, rc == KS_OK ? S_IND_UPDATE : S_IND_INSERT);
	*change = rc == KS_OK ? KS_UPDATED : KS_CREATED;
	if (s == NULL)
		return KS_ERROR;
	bind_text(s, 1, ind->code);
	bind_text(s, 2, ind->name);
	bind_text(s, 3, ind->satuan);
	sqlite3_bind_int(s, 4, ind->polarity);
	sqlite3_bind_int(s, 5, ind->value_type);
	kst_bind_opt(s, 6, ind->has_min, ind->min_e4);
	kst_bind_opt(s, 7, ind->has_max, ind->max_e4);
	sqlite3_bind_int(s, 8, ind->quarterly);
	forget(st); /* the memo holds the old row */
	return exec_stmt(st, s);
}

int
kstore_indicator_list(struct kstore *st, kindicator_cb cb, void *arg)
{
	sqlite3_stmt     *s = stmt(st, S_IND_LIST);
	struct kindicator ind;
	int               rc;

	if (s == NULL)
		return KS_ERROR;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		read_indicator(s, &ind);
		if (cb(arg, &ind) != 0)
			break;
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? KS_OK : fail(st, rc);
	done(s);
	return rc;
}

int
kstore_indicator_value_kinds(struct kstore *st, const char *code,
    int64_t *predikat_only, int64_t *outside_0_100)
{
	sqlite3_stmt *s;
	int           rc;

	if ((rc = row_by_code(st, S_IND_VALUE_KINDS, code, &s)) != KS_OK)
		return rc;
	*predikat_only = sqlite3_column_int64(s, 0);
	*outside_0_100 = sqlite3_column_int64(s, 1);
	done(s);
	return KS_OK;
}

int
kstore_indicator_quarterly_values(
    struct kstore *st, const char *code, int64_t *n)
{
	static const char sql_quarterly[] =
	    "SELECT COUNT(*) FROM indicator_values"
	    " WHERE indicator_id = (SELECT id FROM indicators WHERE code = ?1)"
	    " AND period > 0";
	sqlite3_stmt *s = kst_stmt(st, sql_quarterly);
	int           rc;

	*n = 0;
	if (s == NULL)
		return KS_ERROR;
	bind_text(s, 1, code);
	if ((rc = kst_step_one(st, s)) != KS_OK)
		return rc;
	*n = sqlite3_column_int64(s, 0);
	kst_done(s);
	return KS_OK;
}

int
kstore_indicator_outside(struct kstore *st, const char *code, int has_min,
    int64_t min_e4, int has_max, int64_t max_e4, int64_t *n)
{
	sqlite3_stmt *s = stmt(st, S_IND_OUTSIDE);
	int           rc;

	if (s == NULL)
		return KS_ERROR;
	/* NULL for an absent bound: a comparison with NULL is never true,
	 * so it excludes nothing. */
	bind_text(s, 1, code);
	kst_bind_opt(s, 2, has_min, min_e4);
	kst_bind_opt(s, 3, has_max, max_e4);
	if ((rc = step_one(st, s)) != KS_OK)
		return rc;
	*n = sqlite3_column_int64(s, 0);
	done(s);
	return KS_OK;
}

/* Looks up the ids of a unit and an indicator by code. */
static int
ids(struct kstore *st, const char *unit, const char *indicator,
    int64_t *unit_id_out, int64_t *ind_id)
{
	int rc = unit_id(st, unit, unit_id_out);

	if (rc == KS_OK && (rc = indicator_row(st, indicator)) == KS_OK)
		*ind_id = st->ind_memo.id;
	return rc;
}

int
kstore_value_linked(struct kstore *st, const char *unit, const char *indicator)
{
	int64_t       uid, iid;
	sqlite3_stmt *s;
	int           rc;

	if ((rc = ids(st, unit, indicator, &uid, &iid)) != KS_OK)
		return rc == KS_NOTFOUND ? 0 : rc;
	if (st->link_memo.valid && st->link_memo.unit_id == uid &&
	    st->link_memo.ind_id == iid)
		return st->link_memo.linked;
	if ((s = stmt(st, S_SAS_LINKED)) == NULL)
		return KS_ERROR;
	sqlite3_bind_int64(s, 1, uid);
	sqlite3_bind_int64(s, 2, iid);
	if ((rc = step_one(st, s)) < 0)
		return rc;
	if (rc == KS_OK)
		done(s);
	st->link_memo.unit_id = uid;
	st->link_memo.ind_id  = iid;
	st->link_memo.linked  = rc == KS_OK;
	st->link_memo.valid   = !sqlite3_get_autocommit(st->db);
	return rc == KS_OK;
}

int
kstore_sasaran_tujuan(struct kstore *st, const char *unit, const char *name,
    char *buf, size_t len)
{
	sqlite3_stmt *s = stmt(st, S_SAS_GET);
	int64_t       uid;
	int           rc;

	if (s == NULL)
		return KS_ERROR;
	if ((rc = unit_id(st, unit, &uid)) != KS_OK)
		return rc;
	sqlite3_bind_int64(s, 1, uid);
	bind_text(s, 2, name);
	if ((rc = step_one(st, s)) != KS_OK)
		return rc;
	col_copy(s, 1, &buf, &len);
	done(s);
	return KS_OK;
}

/* Finds or creates the sasaran row; *change says what happened to it. */
static int
sasaran_row(struct kstore *st, int64_t unit_id, const struct ksasaran *sa,
    int64_t *id, enum kchange *change)
{
	sqlite3_stmt *s = stmt(st, S_SAS_GET);
	int           rc, same;

	if (s == NULL)
		return KS_ERROR;
	sqlite3_bind_int64(s, 1, unit_id);
	bind_text(s, 2, sa->sasaran);
	if ((rc = step_one(st, s)) < 0)
		return rc;
	if (rc == KS_OK) {
		*id  = sqlite3_column_int64(s, 0);
		same = strcmp((const char *) sqlite3_column_text(s, 1),
		           sa->tujuan) == 0;
		done(s);
		*change = same ? KS_UNCHANGED : KS_UPDATED;
		if (same)
			return KS_OK;
		s = stmt(st, S_SAS_UPDATE);
		sqlite3_bind_int64(s, 1, *id);
		bind_text(s, 2, sa->tujuan);
		return exec_stmt(st, s);
	}
	s = stmt(st, S_SAS_INSERT);
	if (s == NULL)
		return KS_ERROR;
	sqlite3_bind_int64(s, 1, unit_id);
	bind_text(s, 2, sa->sasaran);
	bind_text(s, 3, sa->tujuan);
	if ((rc = exec_stmt(st, s)) != KS_OK)
		return rc;
	*id     = sqlite3_last_insert_rowid(st->db);
	*change = KS_CREATED;
	return KS_OK;
}

int
kstore_sasaran_put(
    struct kstore *st, const struct ksasaran *sa, enum kchange *change)
{
	int64_t       unit_id, ind_id, sas_id;
	sqlite3_stmt *s;
	int           rc;

	if ((rc = ids(st, sa->unit, sa->indicator, &unit_id, &ind_id)) != 0)
		return rc;
	if ((rc = sasaran_row(st, unit_id, sa, &sas_id, change)) != KS_OK)
		return rc;
	if ((s = stmt(st, S_SAS_LINK)) == NULL)
		return KS_ERROR;
	st->link_memo.valid = 0;
	sqlite3_bind_int64(s, 1, sas_id);
	sqlite3_bind_int64(s, 2, ind_id);
	bind_text(s, 3, sa->penanggung_jawab ? sa->penanggung_jawab : "");
	if ((rc = exec_stmt(st, s)) != KS_OK)
		return rc;
	/* The item is the link: a new link is created, else the item
	 * changed as far as the sasaran's tujuan and the link's
	 * penanggung jawab did. */
	if (sqlite3_changes(st->db) > 0) {
		*change = KS_CREATED;
		return KS_OK;
	}
	if ((s = stmt(st, S_SAS_PJ)) == NULL)
		return KS_ERROR;
	sqlite3_bind_int64(s, 1, sas_id);
	sqlite3_bind_int64(s, 2, ind_id);
	bind_text(s, 3, sa->penanggung_jawab ? sa->penanggung_jawab : "");
	if ((rc = exec_stmt(st, s)) != KS_OK)
		return rc;
	if (sqlite3_changes(st->db) > 0)
		*change = KS_UPDATED;
	return KS_OK;
}

static void
bind_value(sqlite3_stmt *s, const struct kvalue *v, int64_t unit_id,
    int64_t ind_id, int revision)
{
	sqlite3_bind_int64(s, 1, unit_id);
	sqlite3_bind_int64(s, 2, ind_id);
	sqlite3_bind_int(s, 3, v->year);
	sqlite3_bind_int(s, 4, v->kind);
	if (v->has_value)
		sqlite3_bind_int64(s, 5, v->value_e4);
	if (!v->has_value)
		sqlite3_bind_int(s, 6, v->predikat);
	sqlite3_bind_int(s, 7, revision);
	sqlite3_bind_int(s, 10, v->source);
	sqlite3_bind_int(s, 11, v->period);
}

/* Whether the stored row at s equals v: a figure that becomes stated
 * instead of derived is a change too (a new revision). */
static int
same_value(sqlite3_stmt *s, const struct kvalue *v)
{
	if (sqlite3_column_int(s, 3) != v->source)
		return 0;
	if (v->has_value)
		return sqlite3_column_type(s, 0) != SQLITE_NULL &&
		       sqlite3_column_int64(s, 0) == v->value_e4;
	return sqlite3_column_type(s, 0) == SQLITE_NULL &&
	       sqlite3_column_int(s, 1) == v->predikat;
}

static int read_value(sqlite3_stmt *s, int col, struct kvalue *v);

int
kstore_value_put(struct kstore *st, const struct kvalue *v,
    const char *request_id, enum kchange *change, struct kvalue *old)
{
	int64_t       unit_id, ind_id;
	sqlite3_stmt *s;
	int           rc, revision = 1;

	if ((rc = ids(st, v->unit, v->indicator, &unit_id, &ind_id)) != 0)
		return rc;
	if ((s = stmt(st, S_VAL_GET)) == NULL)
		return KS_ERROR;
	sqlite3_bind_int64(s, 1, unit_id);
	sqlite3_bind_int64(s, 2, ind_id);
	sqlite3_bind_int(s, 3, v->year);
	sqlite3_bind_int(s, 4, v->kind);
	sqlite3_bind_int(s, 5, v->period);
	if ((rc = step_one(st, s)) < 0)
		return rc;
	*change = rc == KS_OK ? KS_UPDATED : KS_CREATED;
	if (rc == KS_OK) {
		revision = sqlite3_column_int(s, 2) + 1;
		if (old != NULL) {
			read_value(s, 0, old);
			old->source = sqlite3_column_int(s, 3);
		}
		if (same_value(s, v))
			*change = KS_UNCHANGED;
		done(s);
		if (*change == KS_UNCHANGED)
			return KS_OK;
	}
	if ((s = stmt(st, S_VAL_PUT)) == NULL)
		return KS_ERROR;
	bind_value(s, v, unit_id, ind_id, revision);
	if ((rc = exec_stmt(st, s)) != KS_OK)
		return rc;
	if ((s = stmt(st, S_VAL_REVISION)) == NULL)
		return KS_ERROR;
	bind_value(s, v, unit_id, ind_id, revision);
	bind_text(s, 8, request_id);
	sqlite3_bind_int64(s, 9, (sqlite3_int64) time(NULL));
	return exec_stmt(st, s);
}

/* Reads a value at columns col (value), col + 1 (predikat), col + 2. */
static int
read_value(sqlite3_stmt *s, int col, struct kvalue *v)
{
	if (sqlite3_column_type(s, col + 2) == SQLITE_NULL)
		return 0;
	v->has_value = sqlite3_column_type(s, col) != SQLITE_NULL;
	v->value_e4  = sqlite3_column_int64(s, col);
	v->predikat =
	    v->has_value ? KC_AKIP_NONE : sqlite3_column_int(s, col + 1);
	v->revision = sqlite3_column_int(s, col + 2);
	return 1;
}

int
kstore_leaf_units(
    struct kstore *st, const char *region, kunit_cb cb, void *arg)
{
	sqlite3_stmt *s;
	struct kunit  u;
	int64_t       id;
	int           rc;

	if (region != NULL && (rc = unit_id(st, region, &id)) != KS_OK)
		return rc;
	if ((s = stmt(st, region ? S_LEAVES_UNDER : S_LEAVES_ALL)) == NULL)
		return KS_ERROR;
	if (region != NULL)
		bind_text(s, 1, region);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		read_unit(s, &u);
		if (cb(arg, &u) != 0)
			break;
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? KS_OK : fail(st, rc);
	done(s);
	return rc;
}

/* Steps s, reading each row's value at column 0 and calling cb; `extra`
 * fills the fields a query adds after the value's three columns. */
static int
each_value(struct kstore *st, sqlite3_stmt *s, struct kvalue *v,
    void (*extra)(sqlite3_stmt *, struct kvalue *), kvalue_cb cb, void *arg)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		read_value(s, 0, v);
		extra(s, v);
		if (cb(arg, v) != 0)
			break;
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? KS_OK : fail(st, rc);
	done(s);
	return rc;
}

static void
unit_at_3(sqlite3_stmt *s, struct kvalue *v)
{
	v->unit = (const char *) sqlite3_column_text(s, 3);
}

static void
year_kind_at_3(sqlite3_stmt *s, struct kvalue *v)
{
	v->year   = sqlite3_column_int(s, 3);
	v->kind   = sqlite3_column_int(s, 4);
	v->source = sqlite3_column_int(s, 5);
}

static void
no_extra(sqlite3_stmt *s, struct kvalue *v)
{
	(void) s;
	(void) v;
}

int
kstore_value_history(
    struct kstore *st, const struct kvalue *key, kvalue_cb cb, void *arg)
{
	sqlite3_stmt *s = stmt(st, S_VAL_HISTORY);
	struct kvalue v = *key;

	if (s == NULL)
		return KS_ERROR;
	bind_text(s, 1, key->unit);
	bind_text(s, 2, key->indicator);
	sqlite3_bind_int(s, 3, key->year);
	sqlite3_bind_int(s, 4, key->kind);
	sqlite3_bind_int(s, 5, key->period);
	return each_value(st, s, &v, no_extra, cb, arg);
}

int
kstore_values_of_year(struct kstore *st, const char *indicator, int year,
    int kind, kvalue_cb cb, void *arg)
{
	sqlite3_stmt *s = stmt(st, S_VALUES_OF_YEAR);
	struct kvalue v = {
		.indicator = indicator, .year = year, .kind = kind
	};

	if (s == NULL)
		return KS_ERROR;
	bind_text(s, 1, indicator);
	sqlite3_bind_int(s, 2, year);
	sqlite3_bind_int(s, 3, kind);
	return each_value(st, s, &v, unit_at_3, cb, arg);
}

int
kstore_value_rows(struct kstore *st, const char *unit, const char *indicator,
    int from, int to, kvalue_cb cb, void *arg)
{
	sqlite3_stmt *s = stmt(st, S_VALUE_ROWS);
	struct kvalue v = { .unit = unit, .indicator = indicator };

	if (s == NULL)
		return KS_ERROR;
	bind_text(s, 1, unit);
	bind_text(s, 2, indicator);
	sqlite3_bind_int(s, 3, from);
	sqlite3_bind_int(s, 4, to);
	return each_value(st, s, &v, year_kind_at_3, cb, arg);
}

static void
kind_period_at_3(sqlite3_stmt *s, struct kvalue *v)
{
	v->kind   = sqlite3_column_int(s, 3);
	v->period = sqlite3_column_int(s, 4);
}

int
kstore_value_quarters(struct kstore *st, const char *unit,
    const char *indicator, int year, kvalue_cb cb, void *arg)
{
	sqlite3_stmt *s = stmt(st, S_VALUE_QUARTERS);
	struct kvalue v = {
		.unit = unit, .indicator = indicator, .year = year
	};

	if (s == NULL)
		return KS_ERROR;
	bind_text(s, 1, unit);
	bind_text(s, 2, indicator);
	sqlite3_bind_int(s, 3, year);
	return each_value(st, s, &v, kind_period_at_3, cb, arg);
}

int
kstore_capaian_rows(
    struct kstore *st, const char *unit, int year, kcapaian_cb cb, void *arg)
{
	return kstore_capaian_rows_against(st, unit, year, 3, cb, arg);
}

int
kstore_capaian_rows_against(struct kstore *st, const char *unit, int year,
    int target_kind, kcapaian_cb cb, void *arg)
{
	sqlite3_stmt       *s = stmt(st, S_CAPAIAN);
	struct kcapaian_row r;
	int                 rc;

	if (s == NULL)
		return KS_ERROR;
	bind_text(s, 1, unit);
	sqlite3_bind_int(s, 2, year);
	sqlite3_bind_int(s, 3, target_kind);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&r, 0, sizeof(r));
		r.sasaran        = (const char *) sqlite3_column_text(s, 0);
		r.tujuan         = (const char *) sqlite3_column_text(s, 1);
		r.ind.code       = (const char *) sqlite3_column_text(s, 2);
		r.ind.name       = (const char *) sqlite3_column_text(s, 3);
		r.ind.satuan     = (const char *) sqlite3_column_text(s, 4);
		r.ind.polarity   = sqlite3_column_int(s, 5);
		r.ind.value_type = sqlite3_column_int(s, 6);
		r.has_target     = read_value(s, 7, &r.target);
		r.has_realisasi  = read_value(s, 10, &r.realisasi);
		r.realisasi.source = sqlite3_column_int(s, 13);
		r.ind.quarterly    = sqlite3_column_int(s, 14);
		if (cb(arg, &r) != 0)
			break;
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? KS_OK : fail(st, rc);
	done(s);
	return rc;
}

/* ------------------------------------------- for the other store files */

sqlite3_stmt *
kst_stmt(struct kstore *st, const char *text)
{
	int i;

	for (i = 0; i < st->nextra; i++)
		if (st->extra[i].sql == text)
			return st->extra[i].s;
	if (st->nextra == MAX_EXTRA) {
		snprintf(st->err, sizeof(st->err), "too many statements");
		return NULL;
	}
	if (sqlite3_prepare_v3(st->db, text, -1, SQLITE_PREPARE_PERSISTENT,
	        &st->extra[st->nextra].s, NULL) != SQLITE_OK) {
		fail(st, SQLITE_ERROR);
		return NULL;
	}
	st->extra[st->nextra].sql = text;
	return st->extra[st->nextra++].s;
}

void
kst_bind_opt(sqlite3_stmt *s, int col, int has, int64_t v)
{
	if (has)
		sqlite3_bind_int64(s, col, v);
	else
		sqlite3_bind_null(s, col);
}

int
kst_exec(struct kstore *st, sqlite3_stmt *s)
{
	return exec_stmt(st, s);
}

int
kst_step_one(struct kstore *st, sqlite3_stmt *s)
{
	return step_one(st, s);
}

int
kst_step(struct kstore *st, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		return 1;
	rc = rc == SQLITE_DONE ? 0 : fail(st, rc);
	done(s);
	return rc;
}

const char *
kst_copy(sqlite3_stmt *s, int col, char **buf, size_t *left)
{
	return col_copy(s, col, buf, left);
}

void
kst_done(sqlite3_stmt *s)
{
	done(s);
}

int
kst_unit_id(struct kstore *st, const char *code, int64_t *id)
{
	return unit_id(st, code, id);
}

int
kst_changes(struct kstore *st)
{
	return sqlite3_changes(st->db);
}

int64_t
kst_last_id(struct kstore *st)
{
	return sqlite3_last_insert_rowid(st->db);
}
