#include <stddef.h>
#include <stdint.h>

// libFuzzer's driver, linked by swiftc -sanitize=fuzzer (compiler-rt's
// libclang_rt.fuzzer). The declaration only: PlexusFuzz's main calls it after
// taking its own arguments off the command line.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
