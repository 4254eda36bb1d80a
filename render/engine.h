/* The engine: font set, caches, limits and last error, shared by a
 * document's layouts (engine.c, limits.c). Not installed. */
#ifndef CARE_ENGINE_H
#define CARE_ENGINE_H

#include "common/util.h"

typedef struct care_fontset care_fontset;
struct care_glyph_cache;
struct care_shape_cache;
struct care_pdf_fonts;
struct _HyphenDict;

struct care_engine {
    care_error error;
    care_fontset *fonts;
    unsigned font_generation; /* bumped by every care_engine_set_fonts */
    struct care_glyph_cache *glyphs;
    struct care_shape_cache *shapes; /* shaping results in font units (shape_cache.c) */
    struct care_pdf_fonts *pdf_fonts; /* the PDF writer's cairo faces, made by the first
                                        care_render_pdf (output/pdf_fonts.c) */
    care_limits limits; /* care_engine_set_limits (limits.c) */
    struct _HyphenDict *hyphen; /* English hyphenation patterns, loaded when first needed */
    bool hyphen_tried;          /* loading was tried (hyphen NULL: the file is missing) */
    struct UBreakIterator *words; /* ICU word iterator for headlines, opened by the first
                                     layout with a CJK headline (linebreak.c) */
};

#endif
