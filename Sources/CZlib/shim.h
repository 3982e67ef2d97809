#ifndef AIRTREND_CZLIB_SHIM_H
#define AIRTREND_CZLIB_SHIM_H
#include <zlib.h>

/* inflateInit2 is a macro that passes the library version and struct size; Swift cannot call macros. */
static inline int airtrend_inflate_init_gzip(z_streamp stream) {
    return inflateInit2(stream, 15 + 32); /* 15-bit window, detect gzip or zlib headers */
}
#endif
