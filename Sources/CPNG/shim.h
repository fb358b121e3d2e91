// libpng's simplified API (png_image_*), which reports errors in the
// png_image structure instead of longjmp: no logic here.
#include <png.h>
