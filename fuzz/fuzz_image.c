/* libFuzzer target: see care_fuzz_image in image_target.c. */
#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return care_fuzz_image(data, size);
}
