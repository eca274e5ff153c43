// MinHash minima (StoryBands in NewswatchArchive): 48 salts × every shingle of an article, the
// costliest loop of fingerprinting one. Swift's vectoriser targets baseline x86-64 (SSE2: two 64-bit
// lanes, 64-bit multiplies emulated); AVX2 gives four lanes. Chosen at run time, so the binary still
// runs on any x86-64 (and anywhere else, with the plain loop); both give the same numbers.
#include "min_hash.h"

static inline uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void nw_min_hash_minima_scalar(const uint64_t *hashes, size_t count, const uint64_t *salts, size_t salt_count,
                               uint64_t *minima) {
    for (size_t s = 0; s < salt_count; s++) {
        uint64_t minimum = UINT64_MAX;
        const uint64_t salt = salts[s];
        for (size_t i = 0; i < count; i++) {
            uint64_t value = mix(hashes[i] ^ salt);
            if (value < minimum) minimum = value;
        }
        minima[s] = minimum;
    }
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))

// a × b mod 2^64 per lane, b a constant split into its halves: three 32 × 32 → 64-bit products.
AVX2 static inline __m256i multiply(__m256i a, __m256i b_low, __m256i b_high) {
    __m256i low = _mm256_mul_epu32(a, b_low);
    __m256i cross = _mm256_add_epi64(_mm256_mul_epu32(_mm256_srli_epi64(a, 32), b_low), _mm256_mul_epu32(a, b_high));
    return _mm256_add_epi64(low, _mm256_slli_epi64(cross, 32));
}

// Four vectors of four salts per pass over the hashes: each hash is loaded once for 16 salts, and
// the four chains keep the multipliers busy. The minima are kept with the sign bit flipped, so the
// signed 64-bit compare AVX2 has orders them as unsigned.
AVX2 static void minima_avx2(const uint64_t *hashes, size_t count, const uint64_t *salts, size_t salt_count,
                             uint64_t *minima) {
    const __m256i c1_low = _mm256_set1_epi64x(0x1ce4e5b9LL), c1_high = _mm256_set1_epi64x(0xbf58476dLL);
    const __m256i c2_low = _mm256_set1_epi64x(0x133111ebLL), c2_high = _mm256_set1_epi64x(0x94d049bbLL);
    const __m256i sign = _mm256_set1_epi64x((long long)0x8000000000000000ULL);
    size_t s = 0;
    for (; s + 16 <= salt_count; s += 16) {
        __m256i salt[4], best[4];
        for (int v = 0; v < 4; v++) {
            salt[v] = _mm256_loadu_si256((const __m256i *)(salts + s + 4 * v));
            best[v] = _mm256_set1_epi64x(0x7fffffffffffffffLL); // UINT64_MAX, sign flipped
        }
        for (size_t i = 0; i < count; i++) {
            const __m256i hash = _mm256_set1_epi64x((long long)hashes[i]);
            for (int v = 0; v < 4; v++) {
                __m256i z = _mm256_xor_si256(hash, salt[v]);
                z = multiply(_mm256_xor_si256(z, _mm256_srli_epi64(z, 30)), c1_low, c1_high);
                z = multiply(_mm256_xor_si256(z, _mm256_srli_epi64(z, 27)), c2_low, c2_high);
                z = _mm256_xor_si256(_mm256_xor_si256(z, _mm256_srli_epi64(z, 31)), sign);
                best[v] = _mm256_blendv_epi8(best[v], z, _mm256_cmpgt_epi64(best[v], z));
            }
        }
        for (int v = 0; v < 4; v++) {
            _mm256_storeu_si256((__m256i *)(minima + s + 4 * v), _mm256_xor_si256(best[v], sign));
        }
    }
    nw_min_hash_minima_scalar(hashes, count, salts + s, salt_count - s, minima + s);
}

static int uses_avx2(void) {
    // Asked once; threads racing here all store the same answer.
    static int answer = -1;
    int known = __atomic_load_n(&answer, __ATOMIC_RELAXED);
    if (known < 0) {
        __builtin_cpu_init();
        known = __builtin_cpu_supports("avx2") ? 1 : 0;
        __atomic_store_n(&answer, known, __ATOMIC_RELAXED);
    }
    return known;
}

void nw_min_hash_minima(const uint64_t *hashes, size_t count, const uint64_t *salts, size_t salt_count,
                        uint64_t *minima) {
    if (uses_avx2()) {
        minima_avx2(hashes, count, salts, salt_count, minima);
    } else {
        nw_min_hash_minima_scalar(hashes, count, salts, salt_count, minima);
    }
}

#else

void nw_min_hash_minima(const uint64_t *hashes, size_t count, const uint64_t *salts, size_t salt_count,
                        uint64_t *minima) {
    nw_min_hash_minima_scalar(hashes, count, salts, salt_count, minima);
}

#endif
