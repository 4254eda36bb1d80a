/* The layout dump: JSON in the "carepage-layout" format (dump.c). Not installed. */
#ifndef CARE_DUMP_H
#define CARE_DUMP_H

#include "layout/layout.h"

/**
 * Write the layout dump of `layout` to `path` atomically (care_layout_write_json;
 * docs/layout-json.md). `source_name` is the dump's `source` (may be NULL).
 * Errors: CARE_ERR_IO (message names path and the reason),
 * CARE_ERR_NO_MEMORY.
 */
care_status care_dump_write(const care_layout *layout, const char *path, const char *source_name,
                            care_error *err);

#endif
