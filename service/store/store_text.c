/*
 * store_text.c - the LKjIP's own text (issue #15, migration 13): an
 * indicator's metadata, a link's penanggung jawab, the narrative sections
 * of a unit-year and its indicators, and the unit profile of a year with
 * its staff counts. Nothing here compares or checks; the handlers do.
 */
#include <string.h>

#include "store.h"
#include "store_int.h"

static const char sql_meta_get[] =
    "SELECT type, definisi, formula, sumber_data FROM indicators"
    " WHERE code = ?1";
static const char sql_meta_put[] =
    "UPDATE indicators SET type = ?2, definisi = ?3, formula = ?4,"
    " sumber_data = ?5 WHERE code = ?1";
static const char sql_pj_get[] =
    "SELECT si.penanggung_jawab FROM sasaran s"
    " JOIN units u ON u.id = s.unit_id"
    " JOIN sasaran_indicators si ON si.sasaran_id = s.id"
    " JOIN indicators i ON i.id = si.indicator_id"
    " WHERE u.code = ?1 AND s.name = ?2 AND i.code = ?3";
/* A unit-year section has indicator_id 0, which no indicator has. */
static const char sql_narrative_get[] =
    "SELECT n.text FROM narratives n JOIN units u ON u.id = n.unit_id"
    " WHERE u.code = ?1 AND n.year = ?2 AND n.section = ?4"
    " AND n.indicator_id = COALESCE((SELECT id FROM indicators"
    " WHERE code = ?3), 0)";
static const char sql_narrative_put[] =
    "INSERT INTO narratives"
    " (unit_id, year, indicator_id, section, text) VALUES (?1, ?2, ?3, ?4,"
    " ?5) ON CONFLICT (unit_id, year, indicator_id, section)"
    " DO UPDATE SET text = excluded.text";
static const char sql_narrative_del[] =
    "DELETE FROM narratives WHERE unit_id = ?1 AND year = ?2"
    " AND indicator_id = ?3 AND section = ?4";
static const char sql_indicator_id[] =
    "SELECT id FROM indicators WHERE code = ?1";
static const char sql_narrative_list[] =
    "SELECT u.code, n.year, COALESCE(i.code, ''), n.section, n.text"
    " FROM narratives n JOIN units u ON u.id = n.unit_id"
    " LEFT JOIN indicators i ON i.id = n.indicator_id"
    " WHERE (CAST(?1 AS TEXT) IS NULL OR u.code = ?1) AND (?2 = 0 OR n.year = ?2)"
    " ORDER BY u.code, n.year, COALESCE(i.code, ''), n.section";
static const char sql_profile_get[] =
    "SELECT p.desa, p.kelurahan, p.penduduk, p.luas_e2, p.dasar_hukum,"
    " p.tugas_pokok, p.fungsi, p.susunan_organisasi, p.pimpinan_jabatan,"
    " p.pimpinan_nama, p.pimpinan_nip, p.sekretaris_nama,"
    " p.sekretaris_nip, p.atasan_jabatan, p.atasan_nama, p.tempat,"
    " p.tanggal_pk, p.tanggal_pk_perubahan"
    " FROM unit_profiles p JOIN units u ON u.id = p.unit_id"
    " WHERE u.code = ?1 AND p.year = ?2";
#define PROFILE_TEXT_COL 4 /* the first text column above */
static const char sql_profile_put[] =
    "INSERT INTO unit_profiles (unit_id, year, desa, kelurahan,"
    " penduduk, luas_e2, dasar_hukum, tugas_pokok, fungsi,"
    " susunan_organisasi, pimpinan_jabatan, pimpinan_nama, pimpinan_nip,"
    " sekretaris_nama, sekretaris_nip, atasan_jabatan, atasan_nama, tempat,"
    " tanggal_pk, tanggal_pk_perubahan) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
    " ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)"
    " ON CONFLICT (unit_id, year) DO UPDATE SET desa = excluded.desa,"
    " kelurahan = excluded.kelurahan, penduduk = excluded.penduduk,"
    " luas_e2 = excluded.luas_e2, dasar_hukum = excluded.dasar_hukum,"
    " tugas_pokok = excluded.tugas_pokok, fungsi = excluded.fungsi,"
    " susunan_organisasi = excluded.susunan_organisasi,"
    " pimpinan_jabatan = excluded.pimpinan_jabatan,"
    " pimpinan_nama = excluded.pimpinan_nama,"
    " pimpinan_nip = excluded.pimpinan_nip,"
    " sekretaris_nama = excluded.sekretaris_nama,"
    " sekretaris_nip = excluded.sekretaris_nip,"
    " atasan_jabatan = excluded.atasan_jabatan,"
    " atasan_nama = excluded.atasan_nama, tempat = excluded.tempat,"
    " tanggal_pk = excluded.tanggal_pk,"
    " tanggal_pk_perubahan = excluded.tanggal_pk_perubahan";
#define PROFILE_TEXT_PARAM 7 /* the first text parameter above */
static const char sql_staff_get[] =
    "SELECT s.staff_group, s.category, s.laki_laki, s.perempuan"
    " FROM unit_staff s JOIN units u ON u.id = s.unit_id"
    " WHERE u.code = ?1 AND s.year = ?2 ORDER BY s.seq";
static const char sql_staff_clear[] =
    "DELETE FROM unit_staff WHERE unit_id = ?1 AND year = ?2";
static const char sql_staff_put[] =
    "INSERT INTO unit_staff (unit_id, year, seq, staff_group, category,"
    " laki_laki, perempuan) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char sql_profile_keys[] =
    "SELECT u.code, p.year FROM unit_profiles p"
    " JOIN units u ON u.id = p.unit_id"
    " WHERE (CAST(?1 AS TEXT) IS NULL OR u.code = ?1) AND (?2 = 0 OR p.year = ?2)"
    " ORDER BY u.code, p.year";

static void
bind_text(struct kst_stmt *s, int col, const char *v)
{
	kst_bind_text(s, col, v ? v : "");
}

/* --------------------------------------------------- indicator metadata */

int
kstore_indicator_meta_get(struct kstore *st, const char *code,
    struct kindicator_meta *out, char *buf, size_t len)
{
	struct kst_stmt *s = kst_stmt(st, sql_meta_get);
	int           rc;

	if (s == NULL)
		return KS_ERROR;
	bind_text(s, 1, code);
	if ((rc = kst_step_one(st, s)) != KS_OK)
		return rc;
	out->type        = kst_col_int(s, 0);
	out->definisi    = kst_copy(s, 1, &buf, &len);
	out->formula     = kst_copy(s, 2, &buf, &len);
	out->sumber_data = kst_copy(s, 3, &buf, &len);
	kst_done(s);
	return KS_OK;
}

int
kstore_indicator_meta_put(
    struct kstore *st, const char *code, const struct kindicator_meta *m)
{
	struct kst_stmt *s = kst_stmt(st, sql_meta_put);
	int           rc;

	if (s == NULL)
		return KS_ERROR;
	bind_text(s, 1, code);
	kst_bind_int(s, 2, m->type);
	bind_text(s, 3, m->definisi);
	bind_text(s, 4, m->formula);
	bind_text(s, 5, m->sumber_data);
	if ((rc = kst_exec(st, s)) != KS_OK)
		return rc;
	return kst_changes(st) > 0 ? KS_OK : KS_NOTFOUND;
}

int
kstore_link_pj_get(struct kstore *st, const struct ksasaran *link, char *buf,
    size_t len)
{
	struct kst_stmt *s = kst_stmt(st, sql_pj_get);
	int           rc;

	if (s == NULL)
		return KS_ERROR;
	bind_text(s, 1, link->unit);
	bind_text(s, 2, link->sasaran);
	bind_text(s, 3, link->indicator);
	if ((rc = kst_step_one(st, s)) != KS_OK)
		return rc;
	kst_copy(s, 0, &buf, &len);
	kst_done(s);
	return KS_OK;
}

/* ------------------------------------------------------------ narrative */

int
kstore_narrative_get(struct kstore *st, const struct knarrative *key,
    char *buf, size_t len)
{
	struct kst_stmt *s = kst_stmt(st, sql_narrative_get);
	int           rc;

	if (s == NULL)
		return KS_ERROR;
	bind_text(s, 1, key->unit);
	kst_bind_int(s, 2, key->year);
	bind_text(s, 3, key->indicator);
	kst_bind_int(s, 4, key->section);
	if ((rc = kst_step_one(st, s)) != KS_OK)
		return rc;
	kst_copy(s, 0, &buf, &len);
	kst_done(s);
	return KS_OK;
}

/* The row id of an indicator code; "" is 0, a unit-year section. */
static int
indicator_id(struct kstore *st, const char *code, int64_t *id)
{
	struct kst_stmt *s;
	int           rc;

	*id = 0;
	if (code == NULL || *code == 0)
		return KS_OK;
	if ((s = kst_stmt(st, sql_indicator_id)) == NULL)
		return KS_ERROR;
	bind_text(s, 1, code);
	if ((rc = kst_step_one(st, s)) != KS_OK)
		return rc;
	*id = kst_col_int64(s, 0);
	kst_done(s);
	return KS_OK;
}

int
kstore_narrative_put(struct kstore *st, const struct knarrative *n)
{
	int           del = n->text == NULL || *n->text == 0;
	int64_t       uid, iid;
	struct kst_stmt *s;
	int           rc;

	if ((rc = kst_unit_id(st, n->unit, &uid)) != KS_OK ||
	    (rc = indicator_id(st, n->indicator, &iid)) != KS_OK)
		return rc;
	s = kst_stmt(st, del ? sql_narrative_del : sql_narrative_put);
	if (s == NULL)
		return KS_ERROR;
	kst_bind_int64(s, 1, uid);
	kst_bind_int(s, 2, n->year);
	kst_bind_int64(s, 3, iid);
	kst_bind_int(s, 4, n->section);
	if (!del)
		bind_text(s, 5, n->text);
	return kst_exec(st, s);
}

int
kstore_narrative_list(struct kstore *st, const char *unit, int year,
    knarrative_cb cb, void *arg)
{
	struct kst_stmt *s = kst_filtered(st, sql_narrative_list, unit, year);
	struct knarrative n;
	int               rc;

	if (s == NULL)
		return KS_ERROR;
	while ((rc = kst_step(st, s)) == 1) {
		n = (struct knarrative) { kst_text(s, 0),
			kst_col_int(s, 1), kst_text(s, 2),
			kst_col_int(s, 3), kst_text(s, 4) };
		if ((rc = cb(arg, &n)) != KS_OK) {
			kst_done(s);
			return rc;
		}
	}
	return rc < 0 ? rc : KS_OK;
}

/* -------------------------------------------------------------- profile */

/* The staff rows of a unit-year, at most KSTAFF_MAX; categories go to
 * names[] (a category is at most 32 bytes: the handlers' limit). */
static int
staff_get(struct kstore *st, const char *unit, int year, struct kstaff *out,
    char (*names)[40], size_t *n)
{
	struct kst_stmt *s = kst_filtered(st, sql_staff_get, unit, year);
	int           rc;

	*n = 0;
	if (s == NULL)
		return KS_ERROR;
	while ((rc = kst_step(st, s)) == 1) {
		if (*n == KSTAFF_MAX)
			continue;
		memset(names[*n], 0, sizeof(names[*n]));
		strncpy(names[*n], kst_text(s, 1), sizeof(names[*n]) - 1);
		out[*n] = (struct kstaff) { kst_col_int(s, 0),
			names[*n], (uint32_t) kst_col_int64(s, 2),
			(uint32_t) kst_col_int64(s, 3) };
		++*n;
	}
	return rc < 0 ? rc : KS_OK;
}

int
kstore_profile_get(struct kstore *st, const char *unit, int year,
    kunit_profile_cb cb, void *arg)
{
	struct kstaff   staff[KSTAFF_MAX];
	char            names[KSTAFF_MAX][40];
	struct kprofile p = { unit, year, { 0 }, 0, 0, 0, 0, 0, staff, 0 };
	struct kst_stmt *s;
	int             rc, i;

	if ((rc = staff_get(st, unit, year, staff, names, &p.nstaff)) != KS_OK)
		return rc;
	if ((s = kst_filtered(st, sql_profile_get, unit, year)) == NULL)
		return KS_ERROR;
	if ((rc = kst_step_one(st, s)) != KS_OK)
		return rc;
	p.desa      = (uint32_t) kst_col_int64(s, 0);
	p.kelurahan = (uint32_t) kst_col_int64(s, 1);
	p.penduduk  = (uint32_t) kst_col_int64(s, 2);
	p.has_luas  = !kst_col_null(s, 3);
	p.luas_e2   = kst_col_int64(s, 3);
	for (i = 0; i < KP_TEXTS; i++)
		p.text[i] = kst_text(s, PROFILE_TEXT_COL + i);
	rc = cb(arg, &p);
	kst_done(s);
	return rc;
}

static int
staff_put(struct kstore *st, int64_t uid, const struct kprofile *p)
{
	struct kst_stmt *s = kst_stmt(st, sql_staff_clear);
	size_t        i;
	int           rc;

	if (s == NULL)
		return KS_ERROR;
	kst_bind_int64(s, 1, uid);
	kst_bind_int(s, 2, p->year);
	if ((rc = kst_exec(st, s)) != KS_OK)
		return rc;
	for (i = 0; i < p->nstaff; i++) {
		if ((s = kst_stmt(st, sql_staff_put)) == NULL)
			return KS_ERROR;
		kst_bind_int64(s, 1, uid);
		kst_bind_int(s, 2, p->year);
		kst_bind_int64(s, 3, (int64_t) i);
		kst_bind_int(s, 4, p->staff[i].group);
		bind_text(s, 5, p->staff[i].category);
		kst_bind_int64(s, 6, p->staff[i].laki_laki);
		kst_bind_int64(s, 7, p->staff[i].perempuan);
		if ((rc = kst_exec(st, s)) != KS_OK)
			return rc;
	}
	return KS_OK;
}

int
kstore_profile_put(struct kstore *st, const struct kprofile *p)
{
	struct kst_stmt *s;
	int64_t       uid;
	int           rc, i;

	if ((rc = kst_unit_id(st, p->unit, &uid)) != KS_OK)
		return rc;
	if ((s = kst_stmt(st, sql_profile_put)) == NULL)
		return KS_ERROR;
	kst_bind_int64(s, 1, uid);
	kst_bind_int(s, 2, p->year);
	kst_bind_int64(s, 3, p->desa);
	kst_bind_int64(s, 4, p->kelurahan);
	kst_bind_int64(s, 5, p->penduduk);
	kst_bind_opt(s, 6, p->has_luas, p->luas_e2);
	for (i = 0; i < KP_TEXTS; i++)
		bind_text(s, PROFILE_TEXT_PARAM + i, p->text[i]);
	if ((rc = kst_exec(st, s)) != KS_OK)
		return rc;
	return staff_put(st, uid, p);
}

int
kstore_profile_keys(
    struct kstore *st, const char *unit, int year, kkey_cb cb, void *arg)
{
	return kst_each_key(
	    st, kst_filtered(st, sql_profile_keys, unit, year), cb, arg);
}
