/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * schema_def — how a row of the scenario's schema is written (private to src/scenario's schema
 * tables: schema.c, schema_graph.c).
 */
#ifndef SLS_SCHEMA_DEF_H
#define SLS_SCHEMA_DEF_H

#include <math.h>
#include <stddef.h>

#include "model/world.h"
#include "scenario/schema.h"

#define AT(st, f) .off = (int)offsetof(st, f), .size = (int)sizeof(((st *)0)->f)
#define BY_CODE .flags = SLS_KF_CODE, .off = -1
#define NODEF .def = NAN
#define NOT_KEPT .flags = SLS_KF_CODE | SLS_KF_UNUSED, .off = -1, .def = NAN
#define COUNT(a) ((int)(sizeof(a) / sizeof *(a)))
#define SCHEMA(var, nm, wh, mean, rows)                                                                      \
  const sls_schema var = {.name = nm, .where = wh, .meaning = mean, .keys = rows, .n = COUNT(rows)}

#endif
