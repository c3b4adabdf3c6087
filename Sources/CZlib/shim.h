#include <zlib.h>

/* inflateInit2 is a macro: Swift sees this function instead. */
static inline int flytrap_inflate_init2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}
