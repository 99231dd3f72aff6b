/*
 * reason.c - the words officials read in replies: why a figure is not
 * given (na_reason and its kin) and what a finding found (a stated amount
 * against its parts, a recorded realisasi against an evaluation). One
 * Indonesian text each, owned here, so that kinerjad's replies, the CLI's
 * tables, the documents and the web console word them one way. Error
 * statuses, which developers read, stay in English elsewhere.
 */
#include <stdio.h>
#include <string.h>

#include "kcore.h"

static const char *const reasons[] = {
	[KC_REASON_NONE]        = "",
	[KC_REASON_NO_TARGET]   = "tidak ada target tahun ini",
	[KC_REASON_ZERO_TARGET] = "target 0 pada indikator yang dimaksimalkan",
	[KC_REASON_NEGATIVE_TARGET]   = "target negatif",
	[KC_REASON_NO_REALISASI]      = "tidak ada realisasi tahun ini",
	[KC_REASON_NO_INDICATOR]      = "tidak ada indikator dengan capaian",
	[KC_REASON_NO_TARGET_TW]      = "tidak ada target triwulan ini",
	[KC_REASON_NO_REALISASI_TW]   = "tidak ada realisasi triwulan ini",
	[KC_REASON_YEARLY_ONLY]       = "indikator hanya bernilai tahunan",
	[KC_REASON_NO_SASARAN]        = "tidak ada sasaran dengan indikator",
	[KC_REASON_NOT_ITS_INDICATOR] = "bukan indikator unit ini",
	[KC_REASON_NO_BUDGET]         = "tidak ada anggaran tahun ini",
	[KC_REASON_NO_SERAPAN] = "pagu atau realisasi anggaran tidak lengkap",
	[KC_REASON_NO_BUDGET_COMPLETE] =
	    "tidak ada anggaran dengan pagu dan realisasi",
	[KC_REASON_NO_CAPAIAN_SASARAN] = "tidak ada capaian untuk sasaran ini",
	[KC_REASON_NO_CAPAIAN_YEAR]    = "tidak ada capaian tahun ini",
	[KC_REASON_NO_SURVEY]          = "tidak ada survei (SKM) tahun ini",
	[KC_REASON_NO_AKIP]            = "tidak ada evaluasi AKIP tahun ini",
	[KC_REASON_NO_END_TARGET]      = "tidak ada target akhir Renstra",
	[KC_REASON_FEW_YEARS]          = "realisasi kurang dari dua tahun",
	[KC_REASON_QUARTERS] = "triwulan dalam satu tahun tidak diproyeksikan",
};

const char *
kc_reason(enum kc_reason r)
{
	if ((int) r < 0 || (size_t) r >= sizeof(reasons) / sizeof(*reasons) ||
	    reasons[r] == NULL)
		return "";
	return reasons[r];
}

const char *
kc_na_reason(enum kc_na na)
{
	switch (na) {
	case KC_NA_NO_TARGET:
		return kc_reason(KC_REASON_NO_TARGET);
	case KC_NA_ZERO_TARGET:
		return kc_reason(KC_REASON_ZERO_TARGET);
	case KC_NA_NEGATIVE_TARGET:
		return kc_reason(KC_REASON_NEGATIVE_TARGET);
	case KC_NA_NO_REALISASI:
		return kc_reason(KC_REASON_NO_REALISASI);
	case KC_NA_NO_DATA:
		return kc_reason(KC_REASON_NO_INDICATOR);
	default:
		return "";
	}
}

const char *
kc_na_reason_triwulan(enum kc_na na)
{
	switch (na) {
	case KC_NA_NO_TARGET:
		return kc_reason(KC_REASON_NO_TARGET_TW);
	case KC_NA_NO_REALISASI:
		return kc_reason(KC_REASON_NO_REALISASI_TW);
	default:
		return kc_na_reason(na);
	}
}

/* ------------------------------------------------------------- findings */

/* A value in e4 the Indonesian way, with the decimals it needs (none to
 * four): 665600 -> "66,56", -3100 -> "-0,31". */
static void
e4_text(int64_t e4, char *buf, size_t len)
{
	uint64_t mag = e4 < 0 ? (uint64_t) 0 - (uint64_t) e4 : (uint64_t) e4;
	char     txt[48];
	size_t   n;

	/* kc_format_rupiah writes hundredths with the thousands grouped;
	 * the last two digits follow, then the zeros go. */
	kc_format_rupiah((int64_t) (mag / 100), txt, sizeof(txt));
	n = strlen(txt);
	snprintf(txt + n, sizeof(txt) - n, "%02u", (unsigned) (mag % 100));
	n = strlen(txt);
	while (txt[n - 1] == '0')
		txt[--n] = 0;
	if (txt[n - 1] == ',')
		txt[--n] = 0;
	snprintf(buf, len, "%s%s", e4 < 0 ? "-" : "", txt);
}

void
kc_budget_finding_text(const char *line, const char *field, int64_t stated,
    int64_t sum, char *buf, size_t len)
{
	char a[48], b[48], d[48];

	kc_format_rupiah(stated, a, sizeof(a));
	kc_format_rupiah(sum, b, sizeof(b));
	kc_format_rupiah(stated - sum, d, sizeof(d));
	snprintf(buf, len,
	    "%s %s: tercantum Rp %s, jumlah rinciannya Rp %s (selisih Rp %s)",
	    line, field, a, b, d);
}

void
kc_derived_finding_text(enum kc_source source, int64_t derived_e4,
    int64_t recorded_e4, char *buf, size_t len)
{
	char d[48], r[48], diff[48];

	e4_text(derived_e4, d, sizeof(d));
	e4_text(recorded_e4, r, sizeof(r));
	e4_text(derived_e4 - recorded_e4, diff, sizeof(diff));
	snprintf(buf, len,
	    "%s menghasilkan %s, realisasi tercatat %s (selisih %s)",
	    source == KC_SOURCE_AKIP     ? "komponen evaluasi AKIP"
	    : source == KC_SOURCE_SURVEY ? "survei (SKM)"
	                                 : "nilai tercantum",
	    d, r, diff);
}

/* ------------------------------------------------- Validate's findings */

/* %1..%4 are the arguments in the order kcore.h gives them. */
static const char *const checks[] = {
	[KC_CHECK_AKIP_PREDIKAT] = "%1 %2 berpredikat %3, bukan %4",
	[KC_CHECK_PERCENT]       = "%1 %2 seharusnya %3",
	[KC_CHECK_PERCENT_CUT] =
	    "%1 %2 seharusnya %3: angkanya dipotong, bukan dibulatkan",
	[KC_CHECK_OTHER_RENSTRA] = "capaian %1 adalah realisasi terhadap "
	                           "target Renstra tahun ini %2; terhadap "
	                           "target baris ini capaiannya %3",
	[KC_CHECK_OTHER_END] = "capaian %1 adalah realisasi terhadap target "
	                       "akhir Renstra %2; terhadap target baris ini "
	                       "capaiannya %3",
	[KC_CHECK_OTHER_PK] = "capaian %1 adalah realisasi terhadap target PK "
	                      "sebelumnya %2; terhadap target baris ini "
	                      "capaiannya %3",
	[KC_CHECK_PREDIKAT] =
	    "predikat %1 tidak sesuai dengan capaiannya; seharusnya %2",
	[KC_CHECK_SUM]  = "%1 %2, tetapi %3 rinciannya berjumlah %4",
	[KC_CHECK_MUTU] = "mutu %1 tidak sesuai dengan IKM %2; seharusnya %3",
	[KC_CHECK_IKM]  = "IKM %1, tetapi unsurnya menghasilkan %2",
};

/* A field of the API as a table's reader says it. */
static const char *
field_word(const char *field)
{
	return field && strcmp(field, "amount") == 0 ? "jumlah" : field;
}

void
kc_check_text(enum kc_check k, const char *const *args, size_t nargs,
    char *buf, size_t len)
{
	const char *t, *v;
	size_t      o = 0, n, a;

	if (len == 0)
		return;
	t = (int) k >= 0 && (size_t) k < sizeof(checks) / sizeof(*checks)
	        ? checks[k]
	        : "";
	for (; *t && o + 1 < len; t++) {
		a = (size_t) (t[1] - '1');
		if (t[0] != '%' || t[1] < '1' || t[1] > '4') {
			buf[o++] = *t;
			continue;
		}
		t++;
		v = a < nargs ? args[a] : NULL;
		if (a == 0 && (k <= KC_CHECK_PERCENT_CUT || k == KC_CHECK_SUM))
			v = field_word(v);
		n = v ? strlen(v) : 0;
		if (n > len - 1 - o)
			n = len - 1 - o;
		if (n > 0)
			memcpy(buf + o, v, n);
		o += n;
	}
	buf[o] = 0;
}
