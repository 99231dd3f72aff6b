/*
 * conns.c - connection cap, timeouts and receive budget (see conns.h). A
 * table of the counted pipes, filled by nng's pipe events, the receive
 * limit of the TCP listeners shared out among them, and a reaper thread
 * that closes those quiet too long and gives freed memory back.
 */
#include <stdlib.h>
#include <string.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <nng/nng.h>
#include <nng/supplemental/util/platform.h>

#include "conns.h"

struct kconn {
	uint32_t id; /* nng_pipe_id; 0: a free slot */
	nng_pipe pipe;
	nng_time last; /* connected, or a request began or ended */
	int      served; /* has had a request answered */
	int      busy; /* requests in service */
	size_t   charge; /* the highest limit it may be receiving under */
};

#define MAX_LISTENERS 16

struct kconns {
	nng_mtx             *mtx;
	nng_cv              *wake; /* signalled to stop the reaper */
	nng_thread          *reaper;
	struct kconns_config cfg;
	struct kconn        *slots; /* cfg.max of them; guarded by mtx */
	nng_pipe            *doomed; /* the reaper's list, cfg.max long */
	uint32_t             count; /* slots in use; guarded by mtx */
	int                  stopping; /* guarded by mtx */
	int                  trim; /* memory to give back; guarded by mtx */
	size_t               floor; /* the least receive limit */
	size_t               limit; /* the receive limit; guarded by mtx */
	size_t       applied; /* the listeners' limit; guarded by mtx */
	nng_mtx     *apply; /* one thread at a time sets listeners */
	nng_listener listeners[MAX_LISTENERS]; /* guarded by mtx */
	int          nlisteners; /* guarded by mtx */
};

/* The slot of pipe id, or NULL. Called with mtx held. */
static struct kconn *
find(struct kconns *c, uint32_t id)
{
	uint32_t i;

	for (i = 0; i < c->cfg.max; i++)
		if (c->slots[i].id == id)
			return &c->slots[i];
	return NULL;
}

static size_t
max_size(size_t a, size_t b)
{
	return a > b ? a : b;
}

/* The charges if the limit were l. Called with mtx held. */
static size_t
charged(const struct kconns *c, size_t l)
{
	size_t   sum = 0;
	uint32_t i;

	for (i = 0; i < c->cfg.max; i++)
		if (c->slots[i].id != 0)
			sum += max_size(c->slots[i].charge, l);
	return sum;
}

/* The highest limit whose charges fit the budget (the floor if none
 * does); every charge rises to it, since any connection may read its
 * next length under it. The floor of each connection still to come is
 * kept aside, so that the first few, charged the most, cannot leave the
 * others no room. Called with mtx held. */
static void
share_out(struct kconns *c)
{
	size_t   lo = c->floor, hi = c->cfg.recv_max, mid;
	size_t   aside = (size_t) (c->cfg.max - c->count) * c->floor;
	size_t   room  = c->cfg.budget > aside ? c->cfg.budget - aside : 0;
	uint32_t i;

	if (charged(c, hi) <= room)
		lo = hi;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (charged(c, mid) <= room)
			lo = mid;
		else
			hi = mid;
	}
	c->limit = lo;
	for (i = 0; i < c->cfg.max; i++)
		c->slots[i].charge = max_size(c->slots[i].charge, lo);
}

/* Gives the listeners the limit share_out chose. Not with mtx held: nng
 * takes its own locks. The last caller sets the latest limit. */
static void
apply_limit(struct kconns *c)
{
	nng_listener l[MAX_LISTENERS];
	size_t       limit;
	int          i, n;

	nng_mtx_lock(c->apply);
	nng_mtx_lock(c->mtx);
	limit      = c->limit;
	n          = c->applied != limit ? c->nlisteners : 0;
	c->applied = limit;
	memcpy(l, c->listeners, sizeof(l));
	nng_mtx_unlock(c->mtx);
	for (i = 0; i < n; i++)
		nng_listener_set_size(l[i], NNG_OPT_RECVMAXSZ, limit);
	nng_mtx_unlock(c->apply);
}

int
kconns_watch(struct kconns *c, nng_listener l)
{
	int rv = NNG_ENOSPC;

	nng_mtx_lock(c->mtx);
	if (c->nlisteners < MAX_LISTENERS) {
		c->listeners[c->nlisteners++] = l;
		rv                            = 0;
	}
	c->applied = 0; /* the new one has the socket's limit */
	nng_mtx_unlock(c->mtx);
	apply_limit(c);
	return rv;
}

static int
in_process(nng_pipe p)
{
	nng_sockaddr sa;

	return nng_pipe_get_addr(p, NNG_OPT_REMADDR, &sa) == 0 &&
	       sa.s_family == NNG_AF_INPROC;
}

/* Counts a new pipe, or closes it when there is no room, in the table or
 * the budget even at the least limit: closed before it is added, the
 * socket never sees it. */
static void
added(struct kconns *c, nng_pipe p)
{
	struct kconn *k;

	if (in_process(p))
		return;
	nng_mtx_lock(c->mtx);
	if (charged(c, c->floor) + c->floor <= c->cfg.budget &&
	    (k = find(c, 0)) != NULL) {
		k->id     = (uint32_t) nng_pipe_id(p);
		k->pipe   = p;
		k->last   = nng_clock();
		k->served = 0;
		k->busy   = 0;
		/* Charged what share_out leaves for it: it reads no length
		 * before this event returns, when apply_limit has run. */
		k->charge = 0;
		c->count++;
		share_out(c);
	} else {
		k = NULL;
	}
	nng_mtx_unlock(c->mtx);
	if (k == NULL)
		nng_pipe_close(p);
	else
		apply_limit(c);
}

static void
removed(struct kconns *c, nng_pipe p)
{
	struct kconn *k;

	nng_mtx_lock(c->mtx);
	if ((k = find(c, (uint32_t) nng_pipe_id(p))) != NULL) {
		k->id = 0;
		c->count--;
		c->trim = 1; /* what it was receiving is free now */
		share_out(c);
	}
	nng_mtx_unlock(c->mtx);
	apply_limit(c);
}

static void
pipe_event(nng_pipe p, nng_pipe_ev ev, void *arg)
{
	if (ev == NNG_PIPE_EV_ADD_PRE)
		added(arg, p);
	else if (ev == NNG_PIPE_EV_REM_POST)
		removed(arg, p);
}

void
kconns_begin(struct kconns *c, nng_pipe p)
{
	struct kconn *k;

	nng_mtx_lock(c->mtx);
	if ((k = find(c, (uint32_t) nng_pipe_id(p))) != NULL) {
		k->busy++;
		k->last = nng_clock();
	}
	nng_mtx_unlock(c->mtx);
}

/* A request is whole: its connection can only be receiving under the
 * limit in force now, and when that is less than it was charged, the
 * difference goes back to the others. */
void
kconns_end(struct kconns *c, nng_pipe p, int large)
{
	struct kconn *k;
	int           shared = 0;

	nng_mtx_lock(c->mtx);
	if ((k = find(c, (uint32_t) nng_pipe_id(p))) != NULL) {
		k->busy--;
		k->served = 1;
		k->last   = nng_clock();
		if (k->charge > max_size(c->limit, c->applied)) {
			k->charge = max_size(c->limit, c->applied);
			share_out(c);
			shared = 1;
		}
	}
	if (large) { /* the reaper gives it back now if nothing is served */
		c->trim = 1;
		nng_cv_wake(c->wake);
	}
	nng_mtx_unlock(c->mtx);
	if (shared)
		apply_limit(c);
}

uint32_t
kconns_count(struct kconns *c)
{
	uint32_t n;

	nng_mtx_lock(c->mtx);
	n = c->count;
	nng_mtx_unlock(c->mtx);
	return n;
}

/* The pipes quiet too long, into c->doomed. Called with mtx held. */
static uint32_t
overdue(struct kconns *c, nng_time now)
{
	uint32_t i, n = 0;

	for (i = 0; i < c->cfg.max; i++) {
		struct kconn *k = &c->slots[i];
		nng_time limit  = k->served ? c->cfg.idle_ms : c->cfg.read_ms;

		if (k->id != 0 && k->busy == 0 && now - k->last > limit)
			c->doomed[n++] = k->pipe;
	}
	return n;
}

/*
 * main.c keeps freed memory in malloc's arenas (a speed-up for repeated
 * large requests); after a large request, a call that took much memory
 * (kanswer.large: at village scale, free pages left pinned between the
 * blocks that outlive it) or a dropped connection, once nothing is in
 * service, it is given back, so RSS returns to its level before an
 * attack or a large call instead of staying at its peak.
 */
static void
give_back(struct kconns *c)
{
	uint32_t i;

	if (!c->trim)
		return;
	for (i = 0; i < c->cfg.max; i++)
		if (c->slots[i].id != 0 && c->slots[i].busy)
			return;
	c->trim = 0;
#ifdef __GLIBC__
	nng_mtx_unlock(c->mtx);
	malloc_trim(0);
	nng_mtx_lock(c->mtx);
#endif
}

static nng_duration
period(const struct kconns_config *cfg)
{
	uint32_t ms =
	    cfg->idle_ms < cfg->read_ms ? cfg->idle_ms : cfg->read_ms;

	ms /= 4;
	return ms < 20 ? 20 : ms > 1000 ? 1000 : (nng_duration) ms;
}

static void
reaper_main(void *arg)
{
	struct kconns *c = arg;
	uint32_t       i, n;

	nng_mtx_lock(c->mtx);
	while (!c->stopping) {
		nng_cv_until(c->wake, nng_clock() + period(&c->cfg));
		if (c->stopping)
			break;
		n = overdue(c, nng_clock());
		nng_mtx_unlock(c->mtx);
		for (i = 0; i < n; i++)
			nng_pipe_close(c->doomed[i]);
		nng_mtx_lock(c->mtx);
		give_back(c);
	}
	nng_mtx_unlock(c->mtx);
}

int
kconns_start(
    struct kconns **out, nng_socket sock, const struct kconns_config *cfg)
{
	struct kconns *c = calloc(1, sizeof(*c));
	int            rv;

	if (c != NULL) {
		c->cfg         = *cfg;
		c->cfg.max     = cfg->max ? cfg->max : KCONNS_MAX;
		c->cfg.idle_ms = cfg->idle_ms ? cfg->idle_ms : KCONNS_IDLE_MS;
		c->cfg.read_ms = cfg->read_ms ? cfg->read_ms : KCONNS_READ_MS;
		c->floor       = cfg->recv_max < KCONNS_FLOOR ? cfg->recv_max
		                                              : KCONNS_FLOOR;
		c->cfg.budget  = cfg->budget ? cfg->budget : KCONNS_BUDGET;
		/* Room for one connection at least. */
		c->cfg.budget = max_size(c->cfg.budget, c->floor);
		c->limit      = cfg->recv_max;
		c->applied    = cfg->recv_max;
	}
	if (c == NULL ||
	    (c->slots = calloc(c->cfg.max, sizeof(*c->slots))) == NULL ||
	    (c->doomed = calloc(c->cfg.max, sizeof(*c->doomed))) == NULL) {
		kconns_stop(c);
		return NNG_ENOMEM;
	}
	if ((rv = nng_mtx_alloc(&c->mtx)) != 0 ||
	    (rv = nng_mtx_alloc(&c->apply)) != 0 ||
	    (rv = nng_cv_alloc(&c->wake, c->mtx)) != 0 ||
	    (rv = nng_pipe_notify(sock, NNG_PIPE_EV_ADD_PRE, pipe_event, c)) !=
	        0 ||
	    (rv = nng_pipe_notify(
	         sock, NNG_PIPE_EV_REM_POST, pipe_event, c)) != 0 ||
	    (rv = nng_thread_create(&c->reaper, reaper_main, c)) != 0) {
		/* Not listening yet: no pipe event can be running. */
		nng_pipe_notify(sock, NNG_PIPE_EV_ADD_PRE, NULL, NULL);
		nng_pipe_notify(sock, NNG_PIPE_EV_REM_POST, NULL, NULL);
		kconns_stop(c);
		return rv;
	}
	*out = c;
	return 0;
}

void
kconns_stop(struct kconns *c)
{
	if (c == NULL)
		return;
	if (c->reaper != NULL) {
		nng_mtx_lock(c->mtx);
		c->stopping = 1;
		nng_cv_wake(c->wake);
		nng_mtx_unlock(c->mtx);
		nng_thread_destroy(c->reaper);
	}
	if (c->wake != NULL)
		nng_cv_free(c->wake);
	if (c->mtx != NULL)
		nng_mtx_free(c->mtx);
	if (c->apply != NULL)
		nng_mtx_free(c->apply);
	free(c->slots);
	free(c->doomed);
	free(c);
}
