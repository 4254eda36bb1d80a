/* Simplified or Traditional Chinese, told by character repertoires (lang_detect.c). Not installed. */
#ifndef CARE_LANG_DETECT_H
#define CARE_LANG_DETECT_H

#include "input/document.h"

/**
 * "zh-Hant" when the document's text is Traditional Chinese: among its first
 * 4,000 Han characters, those only Big5 encodes (Traditional-only) number at
 * least 4 and more than twice those only GB2312 encodes (Simplified-only),
 * and kana are at most a third of the Han (Japanese uses Big5-only kanji);
 * else NULL (Simplified, Japanese, or no evidence: the caller's default).
 * ICU converters, opened and closed per call (about 0.4 ms). Thread-safe.
 */
const char *care_detect_chinese_variant(const care_document *doc);

#endif
