/*
 * report_build.h - what the two halves of GetReport share (h_report.c:
 * the call, cover, BAB I, II, IV, lampiran and the PK; h_report_bab3.c:
 * BAB III). Every figure comes from a read RPC run in-process
 * (khandlers_invoke), so a document never states a number the RPC would
 * not answer.
 */
#ifndef KINERJA_REPORT_BUILD_H
#define KINERJA_REPORT_BUILD_H

#include "doc.h"
#include "handlers.h"

struct rbuild {
	struct kcall              *call;
	struct rdoc                doc;
	const char                *unit; /* code */
	int                        year;
	int                        rule; /* PredikatRule */
	const Kinerja__Unit       *u;
	const char                *unit_name;
	const char                *region; /* the parent's code; "" */
	const char                *region_name; /* "" when none */
	Kinerja__GetNarrativeReply *narr; /* NULL: none given */
	Kinerja__UnitProfile      *prof; /* NULL: none given */
	Kinerja__GetCapaianReply  *cap; /* NULL: none */
	Kinerja__ImportRequest    *plan; /* the unit's Export: links, values */
	Kinerja__ListIndicatorsReply *inds;
	Kinerja__ListUnitsReply   *units; /* every unit */
	char                     **todo; /* placeholders, by name */
	size_t                     ntodo;
	Kinerja__Code              code; /* first failure of a read */
	char                       message[512];
};

/* Runs a read method; NULL when it has nothing to say (NOT_FOUND,
 * UNIMPLEMENTED, FAILED_PRECONDITION, INVALID_ARGUMENT) or failed (then
 * b->code is set and the document is not given). */
void *rb_rpc(struct rbuild *b, const char *method, const void *req);

/* Figures the Indonesian way, in the call's arena: "1.250,5" keeps 2 to
 * 4 decimals ("90,07", "0,1234"); "-" for none. */
const char *rb_num(struct rbuild *b, double v);
const char *rb_num_opt(struct rbuild *b, int has, double v);
const char *rb_int(struct rbuild *b, uint64_t v); /* "38.166" */
const char *rb_money(struct rbuild *b, int has, int64_t sen);
/* "2026-12-05" -> "5 Desember 2026"; other text as it is. */
const char *rb_date(struct rbuild *b, const char *ymd);
/* The narrative section of an indicator ("" for the unit-year), or NULL. */
const char *rb_narrative(struct rbuild *b, const char *indicator, int section);
/* The section's text as paragraphs, or a placeholder naming what to
 * write and the command that writes it. */
void rb_text_or_todo(struct rbuild *b, const char *indicator, int section,
    const char *what);
/* An indicator's metadata from ListIndicators, or NULL. */
const Kinerja__Indicator *rb_indicator(struct rbuild *b, const char *code);
/* The unit's name for a code (ListUnits), or the code. */
const char *rb_unit_name(struct rbuild *b, const char *code);

/* How many indicators have a target or a realisasi for the year. */
size_t rb_rows_with_data(const struct rbuild *b);

/* BAB III (h_report_bab3.c). */
void rb_bab3(struct rbuild *b);

#endif
