/*
 * admin.h - kinerjad's subcommands that work on the database directly:
 * token create/list/revoke, backup, history archive, and migrate
 * (migrate.h).
 */
#ifndef KINERJA_ADMIN_H
#define KINERJA_ADMIN_H

/* Is argv[1] one of them? */
int admin_command(const char *word);
/* argv[0] is the subcommand; returns the exit status. */
int admin_main(int argc, char **argv);

#endif
