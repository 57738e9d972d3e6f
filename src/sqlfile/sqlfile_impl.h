/*
 * What the files of src/sqlfile share and its users never see: the
 * inspection and the migrations run while a file is opened (schema.c).
 */
#ifndef PARVIS_SQLFILE_SQLFILE_IMPL_H
#define PARVIS_SQLFILE_SQLFILE_IMPL_H

#include "gettext.h"
#include "sqlfile.h"

/* Refuses, without writing, a file that is not of f's kind or is
 * damaged; sets f->found_version.  Runs the kind's check() on a file
 * that is ours. */
bool sqlfile_schema_inspect(struct sqlfile *f, void *ctx, struct error *err);

/* Brings the schema to the kind's version, one transaction per step,
 * then runs the kind's check(). */
bool sqlfile_schema_migrate(struct sqlfile *f, void *ctx, struct error *err);

#endif
