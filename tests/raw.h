/*
 * raw.h - raw TCP connections to a kinerjad, for the tests of what a peer
 * that does not follow the protocol can do: connect and send nothing, half
 * an SP handshake, a frame cut short or claiming any length.
 */
#ifndef KINERJA_TEST_RAW_H
#define KINERJA_TEST_RAW_H

#include <stddef.h>
#include <stdint.h>

#include "kinerja/client.h"
#include "daemon.h"

/* A kinerjad on tcp://127.0.0.1 at a free port, and a client open on it. */
struct raw_fixture {
	struct daemon   d;
	int             port;
	kinerja_client *c;
	kinerja_status  st;
};

/* Starts bin with the NULL-terminated flags; name goes into its
 * directory's name. Fails the test when it does not answer. */
struct raw_fixture *raw_start(
    const char *bin, const char *name, const char *const *extra);
/* Closes the client and stops kinerjad, which must exit 0 (under ASan,
 * LeakSanitizer's verdict); NULL, when it did not start, is fine. */
void raw_stop(struct raw_fixture *f);

/* The SP handshake of a REQ peer (protocol 48). */
extern const uint8_t raw_handshake[8];

/* A loopback port nothing listens on just now. */
int raw_free_port(void);
/* A connection to 127.0.0.1:port; -1 when refused (descriptors out). */
int raw_connect(int port);
/* Sends all of data, or fails the test. */
void raw_send_all(int fd, const void *data, size_t len);
/* Sends what the server takes before it closes the connection. */
void raw_send_some(int fd, const void *data, size_t len);
/* Sends an SP frame (64-bit length, request id, body), only its first
 * `cut` bytes; with `some`, as raw_send_some does. */
void raw_send_frame(int fd, const uint8_t *body, size_t len, size_t cut);
void raw_send_frame_some(int fd, const uint8_t *body, size_t len, size_t cut);
/* A packed RequestEnvelope with id "raw"; malloc'd. */
uint8_t *raw_envelope(const char *method, uint32_t timeout_ms,
    const uint8_t *payload, size_t plen, size_t *len);
/* 1 while the server keeps fd open, reading what it sent, not waiting. */
int raw_is_open(int fd);
/* 1 when the server has closed fd within ms; what it sent before (its
 * handshake, a reply) is read and dropped. */
int raw_closed_within(int fd, int ms);

#endif
