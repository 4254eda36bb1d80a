/* Punctuation normalisation of Chinese text (punct.c). Not installed. */
#ifndef CARE_PUNCT_H
#define CARE_PUNCT_H

#include "common/util.h"
#include "input/document.h"

/**
 * Punctuation normalisation of one block of Chinese text: ASCII
 * , : ; ? ! ( ) in Han context become ，：；？！（）, straight double quotes
 * around Han text become “ ” (「 」 when `traditional`); spaces typed around
 * a converted mark go; spans follow. GB/T 15834-2011.
 */
care_status care_normalize_punctuation(care_block *b, bool traditional, care_error *err);

#endif
