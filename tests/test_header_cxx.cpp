// carepage.h compiles as C++ (checked with -fsyntax-only -Wall -Wextra -pedantic).
#include "carepage.h"

static_assert(CARE_VERSION_ATLEAST(0, 1, 0), "version macros");

int main()
{
    care_surface s = {nullptr, 0, 0, 0, CARE_PIXEL_XRGB8888};
    care_page_options o;
    care_status st = care_page_options_preset(&o, "phone");
    return st == CARE_OK && care_surface_row_bytes(s.format, 3) == 12 ? 0 : 1;
}
