/*
 * fuzz_store.h - what the dispatch harnesses share: a dispatcher over an
 * in-memory store holding the Batu Bara data, so that reads find rows and
 * writes meet existing keys, and a checked call through it.
 */
#ifndef KINERJA_FUZZ_STORE_H
#define KINERJA_FUZZ_STORE_H

#include <stddef.h>
#include <stdint.h>

/* Dispatches one RequestEnvelope and checks the response decodes; aborts
 * on anything a client could not read. Returns the status code. */
int fuzz_dispatch(const uint8_t *req, size_t len);

#endif
