/* Resource limits of an engine (care_limits): defaults, the setter, and the checks
 * the pipeline stages share. */
#include "common/limits.h"
#include "engine.h"

#include <stdint.h>

void care_limits_default(care_limits *limits)
{
    if (!limits)
        return;
    *limits = (care_limits){.max_input_bytes = CARE_MAX_INPUT_BYTES,
                            .max_pages = CARE_MAX_PAGES,
                            .max_page_side = CARE_MAX_PAGE_SIDE,
                            .max_page_area = CARE_MAX_PAGE_AREA,
                            .min_font_size = CARE_MIN_FONT_SIZE,
                            .max_font_size = CARE_MAX_FONT_SIZE,
                            .max_paragraph_lines = CARE_MAX_PARAGRAPH_LINES,
                            .max_image_pixels = CARE_MAX_IMAGE_PIXELS,
                            .max_image_bytes = CARE_MAX_IMAGE_BYTES};
}

care_status care_engine_set_limits(care_engine *engine, const care_limits *limits)
{
    if (!engine)
        return CARE_ERR_INVALID_ARGUMENT;
    care_error *err = &engine->error;
    if (!limits)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "care_engine_set_limits: limits is NULL");
    const care_limits *l = limits;
    if (l->max_input_bytes < 1 || l->max_input_bytes > CARE_CEILING_INPUT_BYTES)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "limit max_input_bytes %zu: must be "
                         "1..%zu", l->max_input_bytes, CARE_CEILING_INPUT_BYTES);
    if (l->max_pages < 1 || l->max_pages > CARE_CEILING_PAGES)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "limit max_pages %zu: must be 1..%zu",
                         l->max_pages, (size_t)CARE_CEILING_PAGES);
    if (l->max_page_side < 1 || l->max_page_side > CARE_MAX_PAGE_SIDE)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "limit max_page_side %d px: must be "
                         "1..%d", l->max_page_side, CARE_MAX_PAGE_SIDE);
    if (l->max_page_area < 1 || l->max_page_area > CARE_MAX_PAGE_AREA)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "limit max_page_area %zu px: must be "
                         "1..%zu", l->max_page_area, CARE_MAX_PAGE_AREA);
    if (!(l->min_font_size >= CARE_MIN_FONT_SIZE && l->min_font_size <= l->max_font_size &&
          l->max_font_size <= CARE_MAX_FONT_SIZE))
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "limits min_font_size %.2f and "
                         "max_font_size %.2f px: must satisfy %d <= min <= max <= %d",
                         l->min_font_size, l->max_font_size, CARE_MIN_FONT_SIZE,
                         CARE_MAX_FONT_SIZE);
    if (l->max_paragraph_lines < 1 || l->max_paragraph_lines > CARE_CEILING_PARAGRAPH_LINES)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "limit max_paragraph_lines %zu: must "
                         "be 1..%zu", l->max_paragraph_lines,
                         (size_t)CARE_CEILING_PARAGRAPH_LINES);
    if (l->max_image_pixels < 1 || l->max_image_pixels > CARE_CEILING_IMAGE_PIXELS ||
        l->max_image_bytes < 1 || l->max_image_bytes > CARE_CEILING_IMAGE_BYTES)
        return care_fail(err, CARE_ERR_INVALID_ARGUMENT, "limits max_image_pixels %zu and "
                         "max_image_bytes %zu: must be 1..%zu and 1..%zu", l->max_image_pixels,
                         l->max_image_bytes, CARE_CEILING_IMAGE_PIXELS, CARE_CEILING_IMAGE_BYTES);
    engine->limits = *l;
    return CARE_OK;
}

care_status care_engine_limits(const care_engine *engine, care_limits *out)
{
    if (!engine || !out)
        return CARE_ERR_INVALID_ARGUMENT;
    *out = engine->limits;
    return CARE_OK;
}
