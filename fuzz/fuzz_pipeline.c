/* libFuzzer target: see care_fuzz_pipeline in targets.c. */
#include "targets.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Make the harness engine before the first input, so its one-time allocations
 * are not taken for a leak of that input. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return care_fuzz_pipeline(NULL, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return care_fuzz_pipeline(data, size);
}
