/* Writes the photo of tests/fixtures/pdf-article.md (photo.jpg, 640x480, a
 * JPEG made with libjpeg by image_fixtures.c) for test_pdf.sh.
 * Usage: carepage-fixture-photo PATH */
#include "image_fixtures.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: carepage-fixture-photo PATH\n");
        return 1;
    }
    size_t len = 0;
    uint8_t *jpeg = fixture_jpeg(640, 480, 3, fixture_photo, NULL, 0, &len);
    int ok = jpeg && fixture_write(argv[1], jpeg, len);
    free(jpeg);
    return ok ? 0 : 1;
}
