#ifndef NEWSWATCH_MIN_HASH_H
#define NEWSWATCH_MIN_HASH_H

#include <stddef.h>
#include <stdint.h>

/// For each salt s of `salts`, the minimum over `hashes` of SplitMix64's finaliser of (hash ^ s),
/// into `minima` (`salt_count` values; UINT64_MAX for no hashes). The same numbers on every CPU:
/// with AVX2, four salts per vector; without, the plain loop.
void nw_min_hash_minima(const uint64_t *hashes, size_t count, const uint64_t *salts, size_t salt_count,
                        uint64_t *minima);

/// The same with the plain loop only, whatever the CPU (for the tests: the two must agree).
void nw_min_hash_minima_scalar(const uint64_t *hashes, size_t count, const uint64_t *salts, size_t salt_count,
                               uint64_t *minima);

#endif
