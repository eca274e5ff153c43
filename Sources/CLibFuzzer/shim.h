// libFuzzer's entry for a program with its own main (https://llvm.org/docs/LibFuzzer.html#using-libfuzzer-as-a-library).
// Declared only: it is defined by libclang_rt.fuzzer, which swiftc links with -sanitize=fuzzer, and
// newswatch-fuzz calls it only when built that way (the FUZZING condition of `make fuzz`).
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
