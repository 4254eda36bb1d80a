/* Umbrella over the helpers every stage may use (common/) and the document
 * model, for tests that reach into several at once. Sources in render/
 * include the owner headers they use instead. Not installed. */
#ifndef CARE_INTERNAL_H
#define CARE_INTERNAL_H

#include "common/limits.h"
#include "common/text.h"
#include "common/util.h"
#include "input/document.h"

#endif
