/*
 * approval.c - a unit-year's approval: the states it moves through, the
 * actions that move it and who may take each (one table), and how complete
 * its figures are. Pure: the service reads the state and the figures, asks
 * here, and writes what it is told.
 */
#include <string.h>

#include "kcore.h"

/* Who may take an action, as a mask of (1 << enum kc_actor). */
#define BY(a)     (1u << (a))
#define SUBMITTER BY(KC_ACTOR_SUBMITTER)
#define VERIFIER  BY(KC_ACTOR_VERIFIER)
#define ADMIN     BY(KC_ACTOR_ADMIN)

/* Every allowed transition. The unit submits its year; the region's
 * verifier (Bagian Organisasi or Inspektorat) checks it, approves it, sends
 * it back or reopens it; an admin may do all a verifier does. A step back
 * needs a reason, so that the unit reads why. */
static const struct kc_transition table[] = {
	{ KC_APPROVAL_DRAFT, KC_ACTION_SUBMIT, KC_APPROVAL_SUBMITTED,
	    SUBMITTER | ADMIN, 0 },
	{ KC_APPROVAL_SUBMITTED, KC_ACTION_VERIFY, KC_APPROVAL_VERIFIED,
	    VERIFIER | ADMIN, 0 },
	{ KC_APPROVAL_SUBMITTED, KC_ACTION_RETURN, KC_APPROVAL_DRAFT,
	    VERIFIER | ADMIN, 1 },
	{ KC_APPROVAL_VERIFIED, KC_ACTION_APPROVE, KC_APPROVAL_APPROVED,
	    VERIFIER | ADMIN, 0 },
	{ KC_APPROVAL_VERIFIED, KC_ACTION_RETURN, KC_APPROVAL_DRAFT,
	    VERIFIER | ADMIN, 1 },
	{ KC_APPROVAL_APPROVED, KC_ACTION_REOPEN, KC_APPROVAL_DRAFT,
	    VERIFIER | ADMIN, 1 },
};

static const char *const state_names[] = { "draft", "diajukan", "diverifikasi",
	"disetujui" };
static const char *const action_names[] = { "ajukan", "verifikasi", "setujui",
	"kembalikan", "buka" };
static const char *const actor_names[]  = { "submitter", "verifier", "admin" };

const char *
kc_approval_name(enum kc_approval s)
{
	return (unsigned) s < KC_APPROVAL_COUNT ? state_names[s] : "?";
}

const char *
kc_action_name(enum kc_action a)
{
	return (unsigned) a < KC_ACTION_COUNT ? action_names[a] : "?";
}

const char *
kc_actor_name(enum kc_actor a)
{
	return (unsigned) a < KC_ACTOR_COUNT ? actor_names[a] : "?";
}

/* The index of name among n names, or -1. */
static int
find_name(const char *const *names, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

int
kc_action_parse(const char *name, enum kc_action *out)
{
	int i = find_name(action_names, KC_ACTION_COUNT, name);

	if (i >= 0)
		*out = (enum kc_action) i;
	return i >= 0 ? 0 : -1;
}

int
kc_approval_parse(const char *name, enum kc_approval *out)
{
	int i = find_name(state_names, KC_APPROVAL_COUNT, name);

	if (i >= 0)
		*out = (enum kc_approval) i;
	return i >= 0 ? 0 : -1;
}

enum kc_step
kc_approval_step(enum kc_approval from, enum kc_action action,
    enum kc_actor actor, int has_reason, const struct kc_transition **out)
{
	const struct kc_transition *t = NULL;
	size_t                      i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].from == from && table[i].action == action)
			t = &table[i];
	if (t == NULL)
		return KC_STEP_BAD_STATE;
	if (!(t->actors & BY(actor)))
		return KC_STEP_BAD_ACTOR;
	if (t->needs_reason && !has_reason)
		return KC_STEP_NEEDS_REASON;
	*out = t;
	return KC_STEP_OK;
}

size_t
kc_actions_from(enum kc_approval from, enum kc_action *out, size_t cap)
{
	size_t i, n = 0;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].from == from && n < cap)
			out[n++] = table[i].action;
	return n;
}

int
kc_approval_locked(enum kc_approval s)
{
	return s == KC_APPROVAL_APPROVED;
}

void
kc_completeness_add(
    struct kc_completeness *c, int has_target, int has_realisasi)
{
	c->indicators++;
	c->targets += has_target != 0;
	c->realisasi += has_realisasi != 0;
}

void
kc_completeness_sum(
    struct kc_completeness *to, const struct kc_completeness *c)
{
	to->indicators += c->indicators;
	to->targets += c->targets;
	to->realisasi += c->realisasi;
	to->budget += c->budget;
	to->survey += c->survey;
	to->akip += c->akip;
	to->units += c->units;
}

/* Expected: a target and a realisasi per indicator, and per unit a budget,
 * a survey and an AKIP evaluation. */
void
kc_completeness_counts(
    const struct kc_completeness *c, int64_t *present, int64_t *expected)
{
	*expected = 2 * c->indicators + 3 * c->units;
	*present = c->targets + c->realisasi + c->budget + c->survey + c->akip;
}

enum kc_na
kc_completeness_pct(const struct kc_completeness *c, kc_pct *out)
{
	int64_t present, expected;

	kc_completeness_counts(c, &present, &expected);
	if (expected == 0)
		return KC_NA_NO_DATA;
	return kc_percent(present, expected, out);
}
