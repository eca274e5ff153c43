#ifndef NEWSWATCH_CCOMPRESSION_SHIM_H
#define NEWSWATCH_CCOMPRESSION_SHIM_H

// The three content codings newswatch asks servers for, decoded by newswatch itself (not libcurl) so
// that a stream that stops before its end is noticed: libcurl 7.88 hands on whatever a cut-off gzip
// stream inflated to and reports success.
#include <zlib.h>
#include <brotli/decode.h>
#include <zstd.h>

// inflateInit2 is a macro, which Swift cannot call.
static inline int nw_inflate_init2(z_streamp stream, int window_bits) {
    return inflateInit2(stream, window_bits);
}

#endif
