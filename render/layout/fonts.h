/* The font set: FreeType faces and HarfBuzz fonts, found through fontconfig. */
#ifndef CARE_FONTS_H
#define CARE_FONTS_H

#include "common/util.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>

typedef struct care_fontset care_fontset;

#define CARE_NO_FACE 0xFFFF

/** Font metrics in font units (hhea, or OS/2 typo when USE_TYPO_METRICS). */
typedef struct care_face_metrics {
    float upem, ascender, descender /* negative */, line_gap;
} care_face_metrics;

/** One loaded face. hb_font is scaled to units per em, so HarfBuzz positions are font units. */
typedef struct care_face {
    FT_Face ft;       /* on the bytes of blob */
    hb_font_t *hb;
    hb_blob_t *blob;  /* the font file, mapped; read-only, shared by threads */
    char *family; /* first family name, for the layout dump and messages */
    char *path;
    int index;
    bool bold;
    bool synthetic_bold; /* no bold face exists: the rasteriser emboldens the outlines */
    care_face_metrics metrics;
} care_face;

/** Roles of the chain's first faces. */
typedef enum care_font_role {
    CARE_ROLE_CJK = 0,
    CARE_ROLE_LATIN = 1,
    CARE_ROLE_EMOJI = 2 /* CARE_NO_FACE when no colour emoji face is installed */
} care_font_role;

/** Create an empty font set (FreeType library + private fontconfig configuration). */
care_status care_fontset_new(care_fontset **out, care_error *err);
void care_fontset_free(care_fontset *fs);

/**
 * Load the configured faces (care_font_config; NULL = defaults: Noto Sans CJK
 * SC Regular/Bold, Latin from the CJK face). Replaces faces loaded before and
 * empties the fallback cache. On error the set is unchanged.
 */
care_status care_fontset_load(care_fontset *fs, const care_font_config *cfg, care_error *err);

/** Faces loaded: ids are 0 .. count - 1. */
size_t care_fontset_count(const care_fontset *fs);

/** Face by id (ids are stable for the life of the loaded set). */
const care_face *care_fontset_face(const care_fontset *fs, uint16_t id);

/** The face id for a role and weight. */
uint16_t care_fontset_role(const care_fontset *fs, care_font_role role, bool bold);

/** The configured fallback faces (care_font_config.fallback), tried in order. */
const uint16_t *care_fontset_fallbacks(const care_fontset *fs, size_t *count);

/** Does face `id` have a glyph for every non-ignorable code point of cps[0..n)? */
bool care_face_covers(const care_fontset *fs, uint16_t id, const uint32_t *cps, size_t n);

/**
 * A face that covers the cluster cps[0..n), found among installed fonts with
 * fontconfig (monochrome fonts first when `text_presentation`, U+FE0E).
 * Decisions are cached per code point sequence and variant, misses included,
 * for the life of the loaded set; a code point no installed font has is a miss
 * without asking fontconfig. A face found for a base is tried first for the
 * same base with other marks. Returns CARE_NO_FACE when no installed font
 * covers the cluster.
 */
uint16_t care_fontset_fallback(care_fontset *fs, const uint32_t *cps, size_t n, bool bold,
                               bool text_presentation);

/** Default-ignorable code points that no font needs to cover (ZWJ, VS, BOM, SHY...). */
bool care_is_default_ignorable(uint32_t cp);

#endif
