#ifndef PAIL_FUZZ_SUPPORT_H
#define PAIL_FUZZ_SUPPORT_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt `FuzzerInterface.h`), linked in by `-sanitize=fuzzer`.
///
/// SwiftPM links an executable target with `--defsym main=<target>_main`, which takes the place of
/// libFuzzer's own `main`; each fuzz target therefore defines `<target>_main` and calls this.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
