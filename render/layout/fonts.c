/* The font set: faces opened with FreeType (rasterising) and HarfBuzz (shaping),
 * discovered through a fontconfig configuration private to the engine. */
#include "layout/fonts.h"

#include "layout/fallback_cache.h"

#include <fontconfig/fontconfig.h>
#include <hb-ot.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FALLBACK_SLOTS 1024 /* open-addressing cache: code point -> face id */

typedef struct fallback_entry {
    uint32_t cp;     /* 0 = empty slot */
    uint16_t face;   /* CARE_NO_FACE when nothing covers it */
    uint8_t variant; /* bit 0 bold, bit 1 text presentation */
} fallback_entry;

struct care_fontset {
    FT_Library ft;
    FcConfig *fc;
    care_face *faces;
    size_t count, cap;
    uint16_t roles[3][2]; /* [role][bold] */
    uint16_t *fallbacks;  /* configured fallback faces */
    size_t fallback_count;
    fallback_entry fallback[FALLBACK_SLOTS];
    care_fallback_cache *decided; /* per cluster text, misses included */
    FcCharSet *installed;         /* what some installed font covers; made on first use */
    const FcCharSet **font_chars; /* each installed font's characters (fontconfig's) */
    size_t font_chars_count;
};

static const char DEFAULT_CJK_FAMILY[] = "Noto Sans CJK SC";
static const char DEFAULT_EMOJI_FAMILY[] = "Noto Color Emoji";

bool care_is_default_ignorable(uint32_t cp)
{
    return cp == 0x00AD || cp == 0x034F || cp == 0x061C || (cp >= 0x115F && cp <= 0x1160) ||
           (cp >= 0x17B4 && cp <= 0x17B5) || (cp >= 0x180B && cp <= 0x180F) ||
           (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F) ||
           cp == 0xFEFF || cp == 0xFFA0 || (cp >= 0xFFF0 && cp <= 0xFFF8) ||
           (cp >= 0x1BCA0 && cp <= 0x1BCA3) || (cp >= 0x1D173 && cp <= 0x1D17A) ||
           (cp >= 0xE0000 && cp <= 0xE0FFF);
}

care_status care_fontset_new(care_fontset **out, care_error *err)
{
    *out = NULL;
    care_fontset *fs = care_calloc(1, sizeof *fs);
    if (!fs)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory creating the font set");
    if (FT_Init_FreeType(&fs->ft)) {
        free(fs);
        return care_fail(err, CARE_ERR_FONT, "FreeType could not be initialised");
    }
    fs->fc = FcInitLoadConfigAndFonts();
    if (!fs->fc) {
        FT_Done_FreeType(fs->ft);
        free(fs);
        return care_fail(err, CARE_ERR_FONT, "fontconfig could not load its configuration");
    }
    *out = fs;
    return CARE_OK;
}

static void face_release(care_face *f)
{
    if (f->hb)
        hb_font_destroy(f->hb);
    if (f->ft)
        FT_Done_Face(f->ft);
    hb_blob_destroy(f->blob); /* after the FreeType face that reads it */
    free(f->family);
    free(f->path);
    memset(f, 0, sizeof *f);
}

static void fontset_clear(care_fontset *fs)
{
    for (size_t i = 0; i < fs->count; i++)
        face_release(&fs->faces[i]);
    fs->count = 0;
    memset(fs->fallback, 0, sizeof fs->fallback);
    care_fallback_cache_free(fs->decided);
    fs->decided = NULL;
    if (fs->installed)
        FcCharSetDestroy(fs->installed);
    fs->installed = NULL;
    free(fs->font_chars);
    fs->font_chars = NULL;
    fs->font_chars_count = 0;
}

static void fontset_release_faces(care_fontset *fs);

void care_fontset_free(care_fontset *fs)
{
    if (!fs)
        return;
    fontset_release_faces(fs);
    FcConfigDestroy(fs->fc);
    FT_Done_FreeType(fs->ft);
    free(fs);
}

/* Ascender, descender and line gap as HarfBuzz resolves them: OS/2 typo
 * metrics when USE_TYPO_METRICS is set, else hhea. */
static void face_read_metrics(care_face *f)
{
    hb_position_t asc = 0, desc = 0, gap = 0;
    hb_ot_metrics_get_position(f->hb, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &asc);
    hb_ot_metrics_get_position(f->hb, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &desc);
    hb_ot_metrics_get_position(f->hb, HB_OT_METRICS_TAG_HORIZONTAL_LINE_GAP, &gap);
    f->metrics.upem = (float)hb_face_get_upem(hb_font_get_face(f->hb));
    f->metrics.ascender = (float)asc;
    f->metrics.descender = (float)desc;
    f->metrics.line_gap = (float)gap;
}

/* The file is mapped once (hb_blob_create_from_file_or_fail): HarfBuzz and
 * FreeType read the same bytes, and the rasteriser's threads open their own
 * FreeType faces on them (care_face.blob). */
static care_status face_open(care_fontset *fs, const char *path, int index, bool bold,
                             care_face *f, care_error *err)
{
    memset(f, 0, sizeof *f);
    f->blob = hb_blob_create_from_file_or_fail(path);
    unsigned size = 0;
    const char *data = f->blob ? hb_blob_get_data(f->blob, &size) : NULL;
    if (!data || FT_New_Memory_Face(fs->ft, (const FT_Byte *)data, (FT_Long)size, index, &f->ft)) {
        face_release(f);
        return care_fail(err, CARE_ERR_FONT, "font file %s (face %d) cannot be opened", path, index);
    }
    hb_face_t *hbface = hb_face_create(f->blob, (unsigned)index);
    if (hb_face_get_glyph_count(hbface) == 0) {
        hb_face_destroy(hbface);
        face_release(f);
        return care_fail(err, CARE_ERR_FONT, "font file %s (face %d) has no glyphs HarfBuzz can read",
                         path, index);
    }
    f->hb = hb_font_create(hbface);
    hb_face_destroy(hbface);
    unsigned upem = hb_face_get_upem(hb_font_get_face(f->hb));
    hb_font_set_scale(f->hb, (int)upem, (int)upem);
    f->path = care_strndup(path, strlen(path));
    const char *family = f->ft->family_name ? f->ft->family_name : "unknown";
    f->family = care_strndup(family, strlen(family));
    f->index = index;
    f->bold = bold;
    if (!f->path || !f->family) {
        face_release(f);
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory opening %s", path);
    }
    face_read_metrics(f);
    return CARE_OK;
}

/* Add a face (path, index), reusing one already open; returns its id. */
static care_status fontset_add(care_fontset *fs, const char *path, int index, bool bold,
                               bool synthetic, uint16_t *id, care_error *err)
{
    for (size_t i = 0; i < fs->count; i++) {
        if (fs->faces[i].index == index && fs->faces[i].synthetic_bold == synthetic &&
            strcmp(fs->faces[i].path, path) == 0) {
            *id = (uint16_t)i;
            return CARE_OK;
        }
    }
    if (fs->count >= CARE_NO_FACE - 1)
        return care_fail(err, CARE_ERR_LIMIT, "more than %d font faces", CARE_NO_FACE - 1);
    if (fs->count == fs->cap) {
        size_t cap = fs->cap ? fs->cap * 2 : 8;
        care_face *faces = care_realloc_array(fs->faces, cap, sizeof *faces);
        if (!faces)
            return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory adding font %s", path);
        fs->faces = faces;
        fs->cap = cap;
    }
    care_status st = face_open(fs, path, index, bold, &fs->faces[fs->count], err);
    if (st != CARE_OK)
        return st;
    fs->faces[fs->count].synthetic_bold = synthetic;
    *id = (uint16_t)fs->count++;
    return CARE_OK;
}

static bool looks_like_path(const char *spec)
{
    return strchr(spec, '/') != NULL;
}

/* "file.ttc#2" -> path "file.ttc", index 2. */
static care_status split_path_index(const char *spec, char *path, size_t size, int *index,
                                    care_error *err)
{
    const char *hash = strrchr(spec, '#');
    size_t n = hash ? (size_t)(hash - spec) : strlen(spec);
    if (n >= size)
        return care_fail(err, CARE_ERR_FONT, "font path too long: %.80s...", spec);
    memcpy(path, spec, n);
    path[n] = '\0';
    *index = 0;
    if (hash) {
        char *end = NULL;
        long v = strtol(hash + 1, &end, 10);
        if (!end || *end || v < 0 || v > 0xFFFF)
            return care_fail(err, CARE_ERR_FONT, "font %s: bad face index '%s'", path, hash + 1);
        *index = (int)v;
    }
    return CARE_OK;
}

/* Does the pattern list `family` (case-insensitively) among its family names? */
static bool pattern_has_family(FcPattern *p, const char *family)
{
    FcChar8 *name = NULL;
    for (int i = 0; FcPatternGetString(p, FC_FAMILY, i, &name) == FcResultMatch; i++)
        if (strcasecmp((const char *)name, family) == 0)
            return true;
    return false;
}

/* Find the file and face index of a fontconfig pattern ("Noto Sans CJK SC",
 * "Noto Sans:bold") at the given weight unless the pattern names one. The match
 * must really be the family asked for: fontconfig's nearest substitute is refused. */
static care_status match_family(care_fontset *fs, const char *spec, bool bold, char *path,
                                size_t size, int *index, care_error *err)
{
    FcPattern *pat = FcNameParse((const FcChar8 *)spec);
    FcChar8 *family = NULL;
    if (!pat || FcPatternGetString(pat, FC_FAMILY, 0, &family) != FcResultMatch) {
        if (pat)
            FcPatternDestroy(pat);
        return care_fail(err, CARE_ERR_FONT, "font '%s': not a family name or font file", spec);
    }
    int weight;
    if (FcPatternGetInteger(pat, FC_WEIGHT, 0, &weight) != FcResultMatch)
        FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddInteger(pat, FC_SLANT, FC_SLANT_ROMAN);
    FcConfigSubstitute(fs->fc, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult result;
    FcPattern *match = FcFontMatch(fs->fc, pat, &result);
    care_status st = CARE_OK;
    FcChar8 *file = NULL;
    if (!match || !pattern_has_family(match, (const char *)family) ||
        FcPatternGetString(match, FC_FILE, 0, &file) != FcResultMatch) {
        bool default_cjk = strcasecmp((const char *)family, DEFAULT_CJK_FAMILY) == 0;
        st = care_fail(err, CARE_ERR_FONT,
                       "font family '%s'%s is not installed (%sname an installed family, as "
                       "'fc-list : family' lists them, or a font file)", (const char *)family,
                       bold ? " (bold)" : "", default_cjk ? "install fonts-noto-cjk, or " : "");
    } else if (strlen((const char *)file) >= size) {
        st = care_fail(err, CARE_ERR_FONT, "font path too long for %s", spec);
    } else {
        strcpy(path, (const char *)file);
        if (FcPatternGetInteger(match, FC_INDEX, 0, index) != FcResultMatch)
            *index = 0;
    }
    FcPatternDestroy(pat);
    if (match)
        FcPatternDestroy(match);
    return st;
}

/* Load the face for one font of the configuration; a failure's message starts
 * with that font's care_font_config field ("latin_regular: font file ... cannot
 * be opened"), so that the caller can tell the user which setting to change. */
static care_status fontset_add_spec(care_fontset *fs, const char *field, const char *spec,
                                    bool bold, uint16_t *id, care_error *err)
{
    char path[4096];
    int index = 0;
    care_status st = looks_like_path(spec)
                         ? split_path_index(spec, path, sizeof path, &index, err)
                         : match_family(fs, spec, bold, path, sizeof path, &index, err);
    if (st == CARE_OK)
        st = fontset_add(fs, path, index, bold, false, id, err);
    if (st != CARE_OK && err) {
        char message[sizeof err->message];
        snprintf(message, sizeof message, "%s", err->message);
        care_fail(err, st, "%s: %s", field, message);
    }
    return st;
}

/* The colour emoji face: the configured one must exist; the default may be absent. */
static care_status fontset_load_emoji(care_fontset *fs, const care_font_config *cfg,
                                      care_error *err)
{
    uint16_t id = CARE_NO_FACE;
    care_status st = CARE_OK;
    if (cfg && cfg->emoji)
        st = fontset_add_spec(fs, "emoji", cfg->emoji, false, &id, err);
    else if (fontset_add_spec(fs, "emoji", DEFAULT_EMOJI_FAMILY, false, &id, NULL) != CARE_OK)
        id = CARE_NO_FACE;
    fs->roles[CARE_ROLE_EMOJI][0] = fs->roles[CARE_ROLE_EMOJI][1] = id;
    return st;
}

static care_status fontset_load_fallbacks(care_fontset *fs, const care_font_config *cfg,
                                          care_error *err)
{
    if (!cfg->fallback)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT,
                         "fonts: fallback_count is %zu but fallback is NULL", cfg->fallback_count);
    fs->fallbacks = care_calloc(cfg->fallback_count, sizeof *fs->fallbacks);
    if (!fs->fallbacks)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for fallback fonts");
    care_status st = CARE_OK;
    for (size_t i = 0; i < cfg->fallback_count && st == CARE_OK; i++) {
        if (!cfg->fallback[i])
            return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "fallback font %zu is NULL", i);
        char field[32];
        snprintf(field, sizeof field, "fallback[%zu]", i);
        st = fontset_add_spec(fs, field, cfg->fallback[i], false, &fs->fallbacks[i], err);
        fs->fallback_count += st == CARE_OK;
    }
    return st;
}

static bool face_is_bold(const care_face *f)
{
    return (f->ft->style_flags & FT_STYLE_FLAG_BOLD) != 0;
}

/* When the face meant to be bold is not (a family without a bold face, or one
 * font file given for both), use an emboldened copy of it: synthetic bold. */
static care_status ensure_bold(care_fontset *fs, uint16_t *id, care_error *err)
{
    if (face_is_bold(&fs->faces[*id]) || fs->faces[*id].synthetic_bold)
        return CARE_OK;
    char *path = care_strndup(fs->faces[*id].path, strlen(fs->faces[*id].path));
    if (!path)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory for a synthetic bold face");
    care_status st = fontset_add(fs, path, fs->faces[*id].index, true, true, id, err);
    free(path);
    return st;
}

static care_status fontset_load_roles(care_fontset *fs, const care_font_config *cfg,
                                      care_error *err)
{
    const char *cjk = cfg && cfg->cjk_regular ? cfg->cjk_regular : DEFAULT_CJK_FAMILY;
    const char *cjk_bold = cfg && cfg->cjk_bold ? cfg->cjk_bold
                           : (cfg && cfg->cjk_regular ? cfg->cjk_regular : DEFAULT_CJK_FAMILY);
    const char *cjk_bold_field = cfg && cfg->cjk_bold ? "cjk_bold" : "cjk_regular";
    care_status st = fontset_add_spec(fs, "cjk_regular", cjk, false, &fs->roles[CARE_ROLE_CJK][0], err);
    if (st == CARE_OK)
        st = fontset_add_spec(fs, cjk_bold_field, cjk_bold, true, &fs->roles[CARE_ROLE_CJK][1], err);
    if (st != CARE_OK)
        return st;
    fs->roles[CARE_ROLE_LATIN][0] = fs->roles[CARE_ROLE_CJK][0];
    fs->roles[CARE_ROLE_LATIN][1] = fs->roles[CARE_ROLE_CJK][1];
    if (cfg && cfg->latin_regular) {
        st = fontset_add_spec(fs, "latin_regular", cfg->latin_regular, false,
                              &fs->roles[CARE_ROLE_LATIN][0], err);
        fs->roles[CARE_ROLE_LATIN][1] = fs->roles[CARE_ROLE_LATIN][0];
    }
    if (st == CARE_OK && cfg && cfg->latin_bold)
        st = fontset_add_spec(fs, "latin_bold", cfg->latin_bold, true, &fs->roles[CARE_ROLE_LATIN][1], err);
    if (st == CARE_OK)
        st = ensure_bold(fs, &fs->roles[CARE_ROLE_CJK][1], err);
    if (st == CARE_OK)
        st = ensure_bold(fs, &fs->roles[CARE_ROLE_LATIN][1], err);
    if (st == CARE_OK)
        st = fontset_load_emoji(fs, cfg, err);
    if (st == CARE_OK && cfg && cfg->fallback_count)
        st = fontset_load_fallbacks(fs, cfg, err);
    return st;
}

/* Release a set's faces and fallback list but not the FreeType library and
 * fontconfig configuration, which `fs` may share with another set. */
static void fontset_release_faces(care_fontset *fs)
{
    fontset_clear(fs);
    free(fs->faces);
    free(fs->fallbacks);
}

care_status care_fontset_load(care_fontset *fs, const care_font_config *cfg, care_error *err)
{
    /* The new faces are opened with the same FreeType library and fontconfig
     * configuration (starting fontconfig again costs milliseconds). */
    care_fontset *fresh = care_calloc(1, sizeof *fresh);
    if (!fresh)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory loading fonts");
    fresh->ft = fs->ft;
    fresh->fc = fs->fc;
    care_status st = fontset_load_roles(fresh, cfg, err);
    if (st == CARE_OK) {
        /* Swap the new set in; the old faces and every cache entry of them go. */
        care_fontset old = *fs;
        *fs = *fresh;
        *fresh = old;
    }
    fontset_release_faces(fresh);
    free(fresh);
    return st;
}

size_t care_fontset_count(const care_fontset *fs)
{
    return fs->count;
}

const care_face *care_fontset_face(const care_fontset *fs, uint16_t id)
{
    return id < fs->count ? &fs->faces[id] : NULL;
}

const uint16_t *care_fontset_fallbacks(const care_fontset *fs, size_t *count)
{
    *count = fs->fallback_count;
    return fs->fallbacks;
}

uint16_t care_fontset_role(const care_fontset *fs, care_font_role role, bool bold)
{
    return fs->roles[role][bold ? 1 : 0];
}

bool care_face_covers(const care_fontset *fs, uint16_t id, const uint32_t *cps, size_t n)
{
    const care_face *f = care_fontset_face(fs, id);
    if (!f)
        return false;
    for (size_t i = 0; i < n; i++) {
        hb_codepoint_t gid;
        if (care_is_default_ignorable(cps[i]))
            continue;
        if (!hb_font_get_nominal_glyph(f->hb, cps[i], &gid))
            return false;
    }
    return true;
}

/* Outline fonts, and colour bitmap fonts (emoji), can be drawn at any size;
 * plain bitmap fonts cannot. */
static bool drawable(FcPattern *font)
{
    FcBool outline = FcFalse, color = FcFalse;
    FcPatternGetBool(font, FC_OUTLINE, 0, &outline);
    FcPatternGetBool(font, FC_COLOR, 0, &color);
    return outline || color;
}

/* Ask fontconfig for installed fonts covering the cluster, best first; add the
 * first one whose face really covers it. */
static uint16_t fallback_lookup(care_fontset *fs, const uint32_t *cps, size_t n, bool bold,
                                bool text_presentation)
{
    FcPattern *pat = FcPatternCreate();
    FcCharSet *cs = FcCharSetCreate();
    uint16_t found = CARE_NO_FACE;
    if (!pat || !cs)
        goto done;
    for (size_t i = 0; i < n; i++)
        if (!care_is_default_ignorable(cps[i]))
            FcCharSetAddChar(cs, cps[i]);
    FcPatternAddCharSet(pat, FC_CHARSET, cs);
    FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    if (text_presentation)
        FcPatternAddBool(pat, FC_COLOR, FcFalse);
    FcConfigSubstitute(fs->fc, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult result;
    FcFontSet *set = FcFontSort(fs->fc, pat, FcFalse, NULL, &result);
    for (int i = 0; set && i < set->nfont && found == CARE_NO_FACE; i++) {
        FcCharSet *fcs = NULL;
        FcChar8 *file = NULL;
        int index = 0;
        if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &fcs) != FcResultMatch ||
            !FcCharSetIsSubset(cs, fcs) || !drawable(set->fonts[i]) ||
            FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch)
            continue;
        FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &index);
        uint16_t id;
        if (fontset_add(fs, (const char *)file, index, bold, false, &id, NULL) == CARE_OK &&
            care_face_covers(fs, id, cps, n))
            found = id;
    }
    if (set)
        FcFontSetDestroy(set);
done:
    if (cs)
        FcCharSetDestroy(cs);
    if (pat)
        FcPatternDestroy(pat);
    return found;
}

/* The character sets of the installed fonts (borrowed from fontconfig's
 * patterns) and their union, made on first use (0.3 ms for 300 fonts); false
 * when out of memory. */
static bool installed_chars(care_fontset *fs)
{
    if (fs->installed)
        return true;
    FcFontSet *sets[] = {FcConfigGetFonts(fs->fc, FcSetSystem),
                         FcConfigGetFonts(fs->fc, FcSetApplication)};
    size_t n = (sets[0] ? (size_t)sets[0]->nfont : 0) + (sets[1] ? (size_t)sets[1]->nfont : 0);
    fs->font_chars = care_calloc(n ? n : 1, sizeof *fs->font_chars);
    fs->installed = fs->font_chars ? FcCharSetCreate() : NULL;
    for (size_t s = 0; fs->installed && s < 2; s++) {
        for (int i = 0; sets[s] && i < sets[s]->nfont; i++) {
            FcCharSet *cs = NULL;
            if (FcPatternGetCharSet(sets[s]->fonts[i], FC_CHARSET, 0, &cs) != FcResultMatch)
                continue;
            fs->font_chars[fs->font_chars_count++] = cs;
            if (!FcCharSetMerge(fs->installed, cs, NULL)) {
                FcCharSetDestroy(fs->installed);
                fs->installed = NULL;
            }
        }
    }
    return fs->installed != NULL;
}

/* Does `cs` have every code point of cps[0..n)? From the last one: a mark
 * is rarer than its base, so most fonts are ruled out by one look-up. */
static bool charset_has_all(const FcCharSet *cs, const uint32_t *cps, size_t n)
{
    for (size_t i = n; i-- > 0;)
        if (!FcCharSetHasChar(cs, cps[i]))
            return false;
    return true;
}

/* Does some installed font have every non-ignorable code point of the
 * cluster? When none does, fontconfig's search (FcFontSort, ~0.4 ms) can only
 * fail: this answers in microseconds (the union first, then font by font). */
static bool maybe_installed(care_fontset *fs, const uint32_t *cps, size_t n)
{
    uint32_t visible[CARE_FALLBACK_CACHE_MAX_CPS];
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (!care_is_default_ignorable(cps[i]) && count < CARE_FALLBACK_CACHE_MAX_CPS)
            visible[count++] = cps[i];
    if (!installed_chars(fs))
        return true;
    if (!charset_has_all(fs->installed, visible, count))
        return false;
    for (size_t i = 0; i < fs->font_chars_count; i++)
        if (charset_has_all(fs->font_chars[i], visible, count))
            return true;
    return false;
}

/* The decision as the per-first-code-point table and fontconfig give it. */
static uint16_t fallback_decide(care_fontset *fs, const uint32_t *cps, size_t n, bool bold,
                                bool text_presentation, uint8_t variant)
{
    uint32_t key = cps[0];
    size_t slot = (key * 2654435761u + variant) % FALLBACK_SLOTS;
    fallback_entry *free_slot = NULL;
    for (size_t probe = 0; probe < 16; probe++) {
        fallback_entry *e = &fs->fallback[(slot + probe) % FALLBACK_SLOTS];
        if (e->cp == key && e->variant == variant &&
            (e->face == CARE_NO_FACE || care_face_covers(fs, e->face, cps, n)))
            return e->face;
        if (e->cp == 0) {
            free_slot = e;
            break;
        }
    }
    uint16_t face = maybe_installed(fs, cps, n)
                        ? fallback_lookup(fs, cps, n, bold, text_presentation)
                        : CARE_NO_FACE;
    size_t visible = 0;
    for (size_t i = 0; i < n; i++)
        visible += !care_is_default_ignorable(cps[i]);
    if (face == CARE_NO_FACE && visible > 1)
        return face; /* a miss for base + marks says nothing of the base alone */
    if (!free_slot)
        free_slot = &fs->fallback[slot]; /* a full probe run: replace the first entry */
    *free_slot = (fallback_entry){key, face, variant};
    return face;
}

uint16_t care_fontset_fallback(care_fontset *fs, const uint32_t *cps, size_t n, bool bold,
                               bool text_presentation)
{
    if (n == 0)
        return CARE_NO_FACE;
    uint8_t variant = (uint8_t)((bold ? 1 : 0) | (text_presentation ? 2 : 0));
    uint16_t face;
    if (fs->decided && care_fallback_cache_get(fs->decided, cps, n, variant, &face))
        return face;
    face = fallback_decide(fs, cps, n, bold, text_presentation, variant);
    if (!fs->decided)
        fs->decided = care_fallback_cache_new();
    if (fs->decided)
        care_fallback_cache_put(fs->decided, cps, n, variant, face);
    return face;
}
