/*
 * store_sqlite.c - the SQLite backend of the store (store_int.h). WAL mode
 * so that readers never wait for the writer, foreign keys on, every
 * statement prepared once per connection, and the schema created and
 * upgraded by the numbered migrations below (PRAGMA user_version records
 * the last applied). The PostgreSQL backend keeps the same version numbers
 * (store_pg_schema.c).
 */
#include <assert.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "kcore.h"
#include "store.h"
#include "store_blocks.h"
#include "store_int.h"

/* Migration 15's triggers: the block of r's unit (r: new or old) marked
 * changed when r is a year's value (period 0), the only ones rankings
 * read. Not INSERT OR IGNORE: a trigger's statement takes the conflict
 * policy of the statement that fired it, an upsert's ABORT. The SQL
 * writes KBLOCK_SHIFT as 6. */
_Static_assert(KBLOCK_SHIFT == 6, "value_blocks' SQL takes 64 units a block");
#define DIRTY(r)                                                          \
	"INSERT INTO value_blocks_dirty SELECT " r ".indicator_id, " r    \
	".year, " r ".kind, 0, " r ".unit_id >> 6 WHERE " r ".period = 0" \
	" ON CONFLICT DO NOTHING"

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
	 * declared after a nullable one and before a key column as NULL. An
	 * indicator states whether its quarterly figures accumulate (0: by its
	 * kind). */
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
	/* 14: the write generation (store.c, kstore_generation): one row
	 * that every write transaction counts up as it commits. Kept if
	 * there (a file set back to an older user_version still has it,
	 * and its count must not go back). */
	"CREATE TABLE IF NOT EXISTS kinerja_generation ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  n INTEGER NOT NULL);"
	"INSERT OR IGNORE INTO kinerja_generation VALUES (1, 0);",
	/* 15: what a ranking reads of an indicator-year, in blocks of 64
	 * units (store_blocks.c). A statement that changes a value marks its
	 * block; the commit builds the marked blocks again (lite_settle), and
	 * so does lite_open after this migration, every block marked here. As
	 * 14, a file set back to an older user_version comes here too. */
	/* clang-format off */
	"CREATE TABLE IF NOT EXISTS value_blocks ("
	"  indicator_id INTEGER NOT NULL,"
	"  year INTEGER NOT NULL,"
	"  kind INTEGER NOT NULL,"
	"  period INTEGER NOT NULL,"
	"  block INTEGER NOT NULL,"
	"  data BLOB NOT NULL,"
	"  PRIMARY KEY (indicator_id, year, kind, period, block))"
	"  WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS value_blocks_dirty ("
	"  indicator_id INTEGER NOT NULL,"
	"  year INTEGER NOT NULL,"
	"  kind INTEGER NOT NULL,"
	"  period INTEGER NOT NULL,"
	"  block INTEGER NOT NULL,"
	"  PRIMARY KEY (indicator_id, year, kind, period, block))"
	"  WITHOUT ROWID;"
	"DELETE FROM value_blocks;"
	"DELETE FROM value_blocks_dirty;"
	"INSERT INTO value_blocks_dirty SELECT DISTINCT indicator_id, year,"
	"  kind, 0, unit_id >> 6 FROM indicator_values WHERE period = 0;"
	"DROP TRIGGER IF EXISTS value_blocks_insert;"
	"DROP TRIGGER IF EXISTS value_blocks_update;"
	"DROP TRIGGER IF EXISTS value_blocks_delete;"
	"CREATE TRIGGER value_blocks_insert AFTER INSERT ON indicator_values"
	"  BEGIN " DIRTY("new") "; END;"
	"CREATE TRIGGER value_blocks_update AFTER UPDATE ON indicator_values"
	"  BEGIN " DIRTY("new") "; " DIRTY("old") "; END;"
	"CREATE TRIGGER value_blocks_delete AFTER DELETE ON indicator_values"
	"  BEGIN " DIRTY("old") "; END;",
	/* clang-format on */
};

#define BUSY_WAIT_MS 5000 /* longest wait for the write lock */
/* In pages: with a new database's 8 kB, 8 MB and 64 MB of WAL (an older
 * database's 4 kB pages: 4 and 32 MB). */
#define WAL_PAGES 1000 /* checkpoint the WAL when it has this many */
#define WAL_LIMIT 8192 /* ...and start it over past this many */

#define NMIGRATIONS ((int) (sizeof(migrations) / sizeof(migrations[0])))

/* The connection's handle. */
#define DB(st) ((sqlite3 *) (st)->db)

int
kstore_schema_version(void)
{
	return NMIGRATIONS;
}

static int
fail(struct kstore *st, int rc)
{
	if (rc == SQLITE_INTERRUPT || (rc == SQLITE_BUSY && kst_expired(st))) {
		snprintf(st->err, sizeof(st->err), "deadline exceeded");
		return KS_INTERRUPTED;
	}
	snprintf(st->err, sizeof(st->err), "%s", sqlite3_errmsg(DB(st)));
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return KS_BUSY;
	kst_health_fault(
	    st->health, sqlite3_extended_errcode(DB(st)), st->err);
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
	if ((rc = sqlite3_exec(DB(st), text, 0, 0, 0)) == SQLITE_OK) {
		kst_health_ok(st->health);
		return;
	}
	fail(st, rc);
	if (!sqlite3_get_autocommit(DB(st)))
		sqlite3_exec(DB(st), "ROLLBACK", 0, 0, 0);
}

static int
lite_health(struct kstore *st, char *reason, size_t len)
{
	const char *path = sqlite3_db_filename(DB(st), "main");

	if (kst_health_wants_probe(st->health))
		probe_write(st);
	return kst_health_check(st->health, path ? path : "", reason, len);
}

/* Interrupts a statement once the deadline has passed. */
static int
progress(void *arg)
{
	return kst_expired(arg);
}

/* Waits for another connection's write lock in 2 ms steps, for up to
 * BUSY_WAIT_MS but never past the request's deadline. */
static int
busy(void *arg, int count)
{
	struct timespec ts = { 0, 2000000 };

	if (count * 2 >= BUSY_WAIT_MS || kst_expired(arg))
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

static int
lite_backup(struct kstore *st, const char *path)
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
	/* A database in WAL mode (an older backup, served since) cannot
	 * take the pages of one of another page size: it is overwritten
	 * out of WAL mode, and left out of it as every backup is. One step
	 * copies a consistent snapshot: the source is read in one
	 * transaction, and in WAL mode the server's writers go on. */
	if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL,
	        NULL) != SQLITE_OK ||
	    (b = sqlite3_backup_init(dst, "main", DB(st), "main")) == NULL) {
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

static int
lite_size(struct kstore *st, uint64_t *bytes)
{
	sqlite3_stmt *s;
	int           rc;

	rc = sqlite3_prepare_v2(DB(st),
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
	         DB(st), "PRAGMA user_version", -1, &s, NULL)) != SQLITE_OK)
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
		if ((rc = sqlite3_exec(DB(st), "BEGIN IMMEDIATE", 0, 0, 0)) ||
		    (rc = sqlite3_exec(
		         DB(st), migrations[version], 0, 0, 0)) ||
		    (rc = sqlite3_exec(DB(st), pragma, 0, 0, 0)) ||
		    (rc = sqlite3_exec(DB(st), "COMMIT", 0, 0, 0))) {
			int ret = fail(st, rc);
			sqlite3_exec(DB(st), "ROLLBACK", 0, 0, 0);
			return ret;
		}
	}
	return KS_OK;
}

/* synchronous = FULL: a commit is on disk before it is acknowledged,
 * power loss included; NORMAL in WAL mode would survive a crash of
 * kinerjad but could lose the last commits with the machine. */
/*
 * A new database gets 8 kB pages instead of SQLite's 4 kB (an existing
 * one keeps its own: the pragma then does nothing). A ranking reads an
 * indicator-year's whole stretch of values_by_indicator, which a load
 * leaves on pages spread over the file: half as many pages is half as
 * many reads from disk when they are not cached (bench/: 60 village
 * rankings from an uncached database, p50 60 -> 41 ms), and a batch of
 * new values splits and writes fewer pages (ingest about +10 %). 16 kB
 * pages read no faster (40 ms) and made a load desa by desa 40 % slower,
 * as each insert moves more of its page; 64 kB pages several times.
 */
static int
configure(struct kstore *st)
{
	int rc = sqlite3_exec(DB(st),
	    "PRAGMA page_size = 8192;"
	    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
	    "PRAGMA foreign_keys = ON;",
	    0, 0, 0);

	if (rc != SQLITE_OK)
		return fail(st, rc);
	sqlite3_busy_handler(DB(st), busy, st);
	sqlite3_progress_handler(DB(st), 1000, progress, st);
	sqlite3_wal_hook(DB(st), wal_hook, st);
	return KS_OK;
}

/* 256 kB of pages instead of 2 MB: a side connection of every worker
 * would otherwise add 16 MB to a village-scale kinerjad (bench/). */
static void
lite_lean(struct kstore *st)
{
	sqlite3_exec(DB(st), "PRAGMA cache_size = -256", 0, 0, 0);
}

/* A statement of this backend. */
struct lite_stmt {
	struct kst_stmt base;
	sqlite3_stmt   *s;
};

#define LS(x) (((struct lite_stmt *) (x))->s)

/* The units of one decoded block to cb, in id order; 1 when cb asked
 * to stop. */
static int
each_of_block(const struct kblock *b, int64_t block, struct kvalue *v,
    kvalue_cb cb, void *arg)
{
	uint64_t left = b->present;
	unsigned i;

	for (; left != 0; left &= left - 1) {
		i            = (unsigned) __builtin_ctzll(left);
		v->has_value = (b->null_value >> i & 1) == 0;
		v->value_e4  = v->has_value ? b->v[i] : 0;
		v->predikat  = v->has_value ? KC_AKIP_NONE : (int) b->v[i];
		v->unit_id   = block * KBLOCK_UNITS + i;
		if (cb(arg, v) != 0)
			return 1;
	}
	return 0;
}

/* Whether a block of the indicator-year (?1 code, ?2 year, ?3 kind) is
 * marked changed: a write not committed yet, or one made by a program
 * that does not build blocks (only kinerjad's commit does). */
static const char sql_any_dirty[] =
    "SELECT EXISTS (SELECT 1 FROM value_blocks_dirty"
    " WHERE indicator_id = (SELECT id FROM indicators WHERE code = ?1)"
    " AND year = ?2 AND kind = ?3 AND period = 0)";

/* Binds ?1-?3 of both statements below. */
static void
bind_year(struct kst_stmt *s, const char *indicator, int year, int kind)
{
	kst_bind_text(s, 1, indicator);
	kst_bind_int(s, 2, year);
	kst_bind_int(s, 3, kind);
}

static int
any_dirty(struct kstore *st, const char *indicator, int year, int kind)
{
	struct kst_stmt *s = kst_stmt(st, sql_any_dirty);
	int              rc;

	if (s == NULL)
		return KS_ERROR;
	bind_year(s, indicator, year, kind);
	if ((rc = kst_step_one(st, s)) != KS_OK)
		return rc;
	rc = (int) kst_col_int64(s, 0);
	kst_done(s);
	return rc;
}

/* The largest block number a unit id has. */
#define BLOCK_MAX (INT64_MAX >> KBLOCK_SHIFT)

/* store.c's S_VALUES_OF_YEAR from the indicator-year's value_blocks, or
 * KST_BY_ROWS when one of them is marked changed (or outside a
 * transaction). */
static int
lite_values_of_year(struct kstore *st, const char *indicator, int year,
    int kind, kvalue_cb cb, void *arg)
{
	static const char sql[] =
	    "SELECT block, data FROM value_blocks"
	    " WHERE indicator_id = (SELECT id FROM indicators"
	    " WHERE code = ?1) AND year = ?2 AND kind = ?3 AND period = 0"
	    " ORDER BY block";
	struct kst_stmt *s = kst_stmt(st, sql);
	struct kvalue    v = {
		   .indicator = indicator, .year = year, .kind = kind
	};
	struct kblock b;
	const void   *data;
	size_t        n;
	int64_t       block;
	int           rc;

	if (s == NULL)
		return KS_ERROR;
	/* The marks and the blocks must be read in one snapshot. */
	if (sqlite3_get_autocommit(DB(st)))
		return KST_BY_ROWS;
	if ((rc = any_dirty(st, indicator, year, kind)) != 0)
		return rc < 0 ? rc : KST_BY_ROWS;
	bind_year(s, indicator, year, kind);
	while ((rc = kst_step(st, s)) == 1) {
		data  = kst_col_blob(s, 1, &n);
		block = kst_col_int64(s, 0);
		if (data == NULL || block < 0 || block > BLOCK_MAX ||
		    kblock_decode(data, n, &b) != 0) {
			snprintf(st->err, sizeof(st->err),
			    "value_blocks: damaged block");
			rc = KS_ERROR;
			break;
		}
		if (each_of_block(&b, block, &v, cb, arg))
			break;
	}
	if (rc != 0)
		kst_done(s);
	return rc < 0 ? rc : KS_OK;
}

/* Block ?5 of the indicator-year (?1-?4) built again from its values
 * (through values_by_indicator) into b; 0, or a KS_ failure. */
static int
build_block(struct kstore *st, struct kst_stmt *key, struct kblock *b)
{
	static const char sql[] =
	    "SELECT unit_id & 63, value_e4, predikat FROM indicator_values"
	    " WHERE indicator_id = ?1 AND year = ?2 AND kind = ?3"
	    " AND period = ?4 AND unit_id BETWEEN ?5 * 64 AND ?5 * 64 + 63";
	struct kst_stmt *s = kst_stmt(st, sql);
	int              i, rc;

	if (s == NULL)
		return KS_ERROR;
	memset(b, 0, sizeof(*b));
	for (i = 0; i < 5; i++)
		kst_bind_int64(s, i + 1, kst_col_int64(key, i));
	while ((rc = kst_step(st, s)) == 1)
		kblock_set(b, (unsigned) kst_col_int64(s, 0) % KBLOCK_UNITS,
		    !kst_col_null(s, 1), kst_col_int64(s, 1),
		    !kst_col_null(s, 2), kst_col_int64(s, 2));
	return rc;
}

/* The block at key's five columns stored as b, or without a unit gone. */
static int
store_block(struct kstore *st, struct kst_stmt *key, const struct kblock *b)
{
	static const char put[] =
	    "INSERT INTO value_blocks VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	    " ON CONFLICT DO UPDATE SET data = excluded.data";
	static const char drop[] =
	    "DELETE FROM value_blocks WHERE indicator_id = ?1 AND year = ?2"
	    " AND kind = ?3 AND period = ?4 AND block = ?5";
	struct kst_stmt *s = kst_stmt(st, b->present ? put : drop);
	uint8_t          bytes[KBLOCK_MAX];
	int              i;

	if (s == NULL)
		return KS_ERROR;
	for (i = 0; i < 5; i++)
		kst_bind_int64(s, i + 1, kst_col_int64(key, i));
	if (b->present)
		kst_bind_blob(s, 6, bytes, kblock_encode(b, bytes));
	return kst_step(st, s);
}

/*
 * The blocks marked changed built again from indicator_values, one
 * statement each, and the marks cleared: each block is written once a
 * transaction. A trigger that wrote the block on each value made a
 * village load 2.6 times as slow (every block rewritten 64 times a call,
 * its pages spilled to the WAL again and again); one statement for all
 * the blocks would keep every page it changes in its statement journal
 * (sqlite_memory below). Outside a transaction (one SQLite has rolled
 * back) it refuses: clearing the marks there could clear another
 * program's.
 */
static int
lite_settle(struct kstore *st)
{
	static const char marked[] =
	    "SELECT indicator_id, year, kind, period, block"
	    " FROM value_blocks_dirty";
	static const char clear[] = "DELETE FROM value_blocks_dirty";
	struct kst_stmt  *key     = kst_stmt(st, marked), *s;
	struct kblock     b;
	int               rc, n = 0;

	if (sqlite3_get_autocommit(DB(st))) {
		snprintf(st->err, sizeof(st->err),
		    "value_blocks: no transaction to build them in");
		return KS_ERROR;
	}
	if (key == NULL)
		return KS_ERROR;
	while ((rc = kst_step(st, key)) == 1) {
		n++;
		if ((rc = build_block(st, key, &b)) < 0 ||
		    (rc = store_block(st, key, &b)) < 0)
			break;
	}
	if (rc < 0) {
		kst_done(key);
		return rc;
	}
	if (n == 0) /* no value written: no page, no WAL frame */
		return KS_OK;
	if ((s = kst_stmt(st, clear)) == NULL)
		return KS_ERROR;
	return kst_step(st, s) < 0 ? KS_ERROR : KS_OK;
}

/* After migration 15, every block it marked built, in a transaction of
 * its own. A failure (the write lock held long by another process) is
 * not one: rankings read the values until a commit builds the blocks. */
static void
settle_at_open(struct kstore *st)
{
	if (sqlite3_exec(DB(st), "BEGIN IMMEDIATE", 0, 0, 0) == SQLITE_OK &&
	    lite_settle(st) == KS_OK &&
	    sqlite3_exec(DB(st), "COMMIT", 0, 0, 0) == SQLITE_OK)
		return;
	if (!sqlite3_get_autocommit(DB(st)))
		sqlite3_exec(DB(st), "ROLLBACK", 0, 0, 0);
	st->err[0] = 0;
}

/*
 * A sort keeps up to the larger of its connection's page cache and
 * PMASZ pages in memory before it spills to a temporary file: SQLite's
 * 250 pages were 1 MB of 4 kB pages, 2 MB of a new database's 8 kB (a
 * side connection's 256 kB cache would sort in 2 MB instead of 1). 128
 * pages keep it where it was.
 *
 * A statement inside a transaction keeps the pages it changes as they
 * were, to undo itself alone (its statement journal), in memory up to
 * SQLite's 64 kB and in a temporary file beyond. A multi-row upsert of
 * values changes a leaf of values_by_indicator for each indicator-year
 * it holds, and with value_blocks' marks nearly every one went to the
 * file: 12 times the bytes a village load wrote in all (bench/,
 * bench_village). The journals now stay in memory. No larger threshold
 * is safe: Debian 12's SQLite 3.40 fails a statement whose journal
 * spills with a threshold of 256 kB or more ("database or disk is
 * full"), and 128 kB spilled the upserts still. What a journal then
 * holds: a batch's statements up to 32 rows each, and one block each at
 * the commit; a savepoint's (a partial batch's item) the pages one item
 * changes; a migration's statement over a whole table (schema 6's
 * update of every value, when a database that old is opened) that
 * table's pages. Replay expiry and history pruning are plain DELETEs,
 * which open no statement journal, and run outside any savepoint.
 *
 * Both can only be set before SQLite is first used; if the process used
 * it before (a test), the defaults stay.
 */
#define STMT_JOURNAL_BYTES (-1) /* in memory, never spilled */

static void
sqlite_memory(void)
{
	sqlite3_config(SQLITE_CONFIG_PMASZ, 128);
	sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, STMT_JOURNAL_BYTES);
}

static int
lite_open(struct kstore *st, const char *path)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	sqlite3              *db   = NULL;
	int                   rc, version;

	pthread_once(&once, sqlite_memory);
	kst_create_private(path);
	rc = sqlite3_open_v2(path, &db,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	    NULL);
	st->db = db;
	if (rc != SQLITE_OK)
		return fail(st, rc);
	st->health = kst_health_get(path);
	if (read_version(st, &version) != KS_OK || configure(st) != KS_OK ||
	    migrate(st, version) != KS_OK)
		return KS_ERROR;
	if (version < NMIGRATIONS)
		settle_at_open(st);
	return KS_OK;
}

static void
lite_close(struct kstore *st)
{
	sqlite3_close(DB(st));
	if (st->health != NULL)
		kst_health_put(st->health);
}

static int
lite_prepare(struct kstore *st, const char *sql, struct kst_stmt **out)
{
	struct lite_stmt *l = calloc(1, sizeof(*l));
	int               rc;

	if (l == NULL) {
		snprintf(st->err, sizeof(st->err), "out of memory");
		return KS_ERROR;
	}
	rc = sqlite3_prepare_v3(
	    DB(st), sql, -1, SQLITE_PREPARE_PERSISTENT, &l->s, NULL);
	if (rc != SQLITE_OK) {
		free(l);
		return fail(st, rc);
	}
	l->base.ops         = &kst_sqlite_ops;
	l->base.sees_values = kst_sees_values(sql);
	*out                = &l->base;
	return KS_OK;
}

static void
lite_finalize(struct kst_stmt *s)
{
	sqlite3_finalize(LS(s));
	free(s);
}

static void
lite_bind_int64(struct kst_stmt *s, int col, int64_t v)
{
	sqlite3_bind_int64(LS(s), col, v);
}

static void
lite_bind_text(struct kst_stmt *s, int col, const char *v)
{
	/* Transient: a caller may bind a buffer of its own stack. */
	sqlite3_bind_text(LS(s), col, v, -1, SQLITE_TRANSIENT);
}

static void
lite_bind_blob(struct kst_stmt *s, int col, const void *v, size_t len)
{
	sqlite3_bind_blob(LS(s), col, len ? v : "", (int) len, SQLITE_STATIC);
}

static void
lite_bind_null(struct kst_stmt *s, int col)
{
	sqlite3_bind_null(LS(s), col);
}

static void
lite_reset(struct kst_stmt *s)
{
	sqlite3_reset(LS(s));
	sqlite3_clear_bindings(LS(s));
}

static int
lite_step(struct kstore *st, struct kst_stmt *s)
{
	int rc = sqlite3_step(LS(s));

	if (rc == SQLITE_ROW)
		return 1;
	rc = rc == SQLITE_DONE ? 0 : fail(st, rc);
	lite_reset(s);
	return rc;
}

static int64_t
lite_col_int64(struct kst_stmt *s, int col)
{
	return sqlite3_column_int64(LS(s), col);
}

static const char *
lite_col_text(struct kst_stmt *s, int col)
{
	return (const char *) sqlite3_column_text(LS(s), col);
}

static const void *
lite_col_blob(struct kst_stmt *s, int col, size_t *len)
{
	const void *v = sqlite3_column_blob(LS(s), col);

	*len = (size_t) sqlite3_column_bytes(LS(s), col);
	return v;
}

static int
lite_col_null(struct kst_stmt *s, int col)
{
	return sqlite3_column_type(LS(s), col) == SQLITE_NULL;
}

static int
lite_changes(struct kstore *st)
{
	return sqlite3_changes(DB(st));
}

static int64_t
lite_last_id(struct kstore *st)
{
	return sqlite3_last_insert_rowid(DB(st));
}

static int
lite_in_tx(struct kstore *st)
{
	return !sqlite3_get_autocommit(DB(st));
}

/* Transactions as SQLite spells them; BEGIN IMMEDIATE takes the write
 * lock at once, so two writers never deadlock on an upgrade. */
static int
lite_tx(struct kstore *st, int kind)
{
	static const char *const text[] = {
		[KT_BEGIN]       = "BEGIN IMMEDIATE",
		[KT_BEGIN_READ]  = "BEGIN",
		[KT_COMMIT]      = "COMMIT",
		[KT_ROLLBACK]    = "ROLLBACK",
		[KT_SAVEPOINT]   = "SAVEPOINT item",
		[KT_RELEASE]     = "RELEASE item",
		[KT_ROLLBACK_TO] = "ROLLBACK TO item",
	};
	struct kst_stmt **slot = &st->tx[kind];
	int               rc;

	if (*slot == NULL && lite_prepare(st, text[kind], slot) != KS_OK)
		return KS_ERROR;
	rc = lite_step(st, *slot);
	if (rc >= 0)
		lite_reset(*slot);
	return rc < 0 ? rc : KS_OK;
}

const struct kst_ops kst_sqlite_ops = {
	.name           = "sqlite",
	.open           = lite_open,
	.close          = lite_close,
	.prepare        = lite_prepare,
	.finalize       = lite_finalize,
	.bind_int64     = lite_bind_int64,
	.bind_text      = lite_bind_text,
	.bind_blob      = lite_bind_blob,
	.bind_null      = lite_bind_null,
	.step           = lite_step,
	.reset          = lite_reset,
	.col_int64      = lite_col_int64,
	.col_text       = lite_col_text,
	.col_blob       = lite_col_blob,
	.col_null       = lite_col_null,
	.changes        = lite_changes,
	.last_id        = lite_last_id,
	.in_tx          = lite_in_tx,
	.tx             = lite_tx,
	.health         = lite_health,
	.backup         = lite_backup,
	.size           = lite_size,
	.lean           = lite_lean,
	.settle         = lite_settle,
	.values_of_year = lite_values_of_year,
};
