// giflib: every call returns an error code, no callbacks. No logic here.
#include <gif_lib.h>
