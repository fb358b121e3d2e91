#include <stdarg.h>
#include <stdint.h>
#include <tiffio.h>

// TIFFGetField and TIFFSetField are C variadic functions, which Swift cannot
// call. These typed adapters are the only code here: one call each, no logic.
static inline int TIFFGetFieldUInt32(TIFF *tif, int tag, uint32_t *value) {
    return TIFFGetField(tif, tag, value);
}
static inline int TIFFGetFieldDefaultedUInt16(TIFF *tif, int tag, uint16_t *value) {
    return TIFFGetFieldDefaulted(tif, tag, value);
}
static inline int TIFFGetFieldDefaultedUInt16Pair(TIFF *tif, int tag, uint16_t *first, uint16_t *second) {
    return TIFFGetFieldDefaulted(tif, tag, first, second);
}
static inline int TIFFSetFieldUInt32(TIFF *tif, int tag, uint32_t value) {
    return TIFFSetField(tif, tag, value);
}
static inline int TIFFSetFieldUInt16(TIFF *tif, int tag, uint16_t value) {
    return TIFFSetField(tif, tag, (int)value);
}
static inline int TIFFSetFieldString(TIFF *tif, int tag, const char *value) {
    return TIFFSetField(tif, tag, value);
}
static inline int TIFFGetFieldString(TIFF *tif, int tag, char **value) {
    return TIFFGetField(tif, tag, value);
}
static inline int TIFFGetFieldFloat(TIFF *tif, int tag, float *value) {
    return TIFFGetField(tif, tag, value);
}
static inline int TIFFSetFieldDouble(TIFF *tif, int tag, double value) {
    return TIFFSetField(tif, tag, value);
}
