/* The public document call that needs the engine: its error record and its
 * input limit go to the input stage (input/document.c). */
#include "common/limits.h"
#include "engine.h"
#include "input/document.h"

care_status care_document_parse(care_engine *engine, const char *bytes, size_t len,
                                const care_parse_options *options, care_document **out)
{
    /* 0: an engine not made by care_engine_new (internal tests): the default */
    size_t max_input = engine && engine->limits.max_input_bytes ? engine->limits.max_input_bytes
                                                                : CARE_MAX_INPUT_BYTES;
    return care_document_read(bytes, len, options, max_input, out, engine ? &engine->error : NULL);
}
