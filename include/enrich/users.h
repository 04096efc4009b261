/*
 * users.h - enrichment: the user name of each socket's uid.
 *
 * Looks each distinct uid up once (getpwuid_r) and stores the name in the
 * table's string pool; with numeric set, stores the number instead.
 */
#ifndef PORTSTAT_USERS_H
#define PORTSTAT_USERS_H

#include <stdbool.h>

#include "model/conntable.h"

void users_enrich(struct conntable *t, bool numeric);

#endif
