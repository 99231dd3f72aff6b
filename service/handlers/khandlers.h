/*
 * khandlers.h - the handlers library's one public name: the service table
 * kinerjad (main.c), the tests, fuzzers and benchmarks hand to dispatch.
 */
#ifndef KINERJA_KHANDLERS_H
#define KINERJA_KHANDLERS_H

#include "kservice.h"

extern const struct kservice khandlers_service;

#endif
