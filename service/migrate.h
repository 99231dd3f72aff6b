/*
 * migrate.h - kinerjad migrate: a whole database copied between SQLite
 * and PostgreSQL (migrate.c).
 */
#ifndef KINERJA_MIGRATE_H
#define KINERJA_MIGRATE_H

/* argv[0] is "migrate"; returns the exit status. */
int migrate_main(int argc, char **argv);

#endif
