/* embed: the smallest program that renders a UTF-8 string into a memory
 * framebuffer with libcarepage.
 *
 *   cc embed.c $(pkg-config --cflags --libs carepage) -o embed && ./embed "标题\n\n正文"
 *
 * Prints the page count and how many pixels of page 1 are ink; exit status 0
 * when the text was drawn. */
#include <carepage.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *text = argc > 1 ? argv[1] : "关怀版 carepage\n\n老年人也能看清的新闻：大字、高对比。";
    care_engine *engine = NULL;
    care_document *doc = NULL;
    care_layout *layout = NULL;
    care_parse_options po = {.format = CARE_FORMAT_TEXT, .name = "embed"};
    care_page_options opts;
    care_page_options_preset(&opts, "phone");
    opts.width = 480, opts.height = 640, opts.font_size = 32, opts.margin_side = 24;

    care_status st = care_engine_new(&engine);
    if (st == CARE_OK)
        st = care_engine_set_fonts(engine, NULL);
    if (st == CARE_OK)
        st = care_document_parse(engine, text, strlen(text), &po, &doc);
    if (st == CARE_OK)
        st = care_layout_new(engine, doc, &opts, &layout);

    /* The framebuffer: 32-bit XRGB pixels, any stride of at least width * 4 bytes. */
    care_surface fb = {NULL, opts.width, opts.height, (size_t)opts.width * 4, CARE_PIXEL_XRGB8888};
    fb.pixels = calloc(fb.stride, (size_t)fb.height);
    if (st == CARE_OK)
        st = fb.pixels ? care_render_page(layout, 0, &fb) : CARE_ERR_NO_MEMORY;

    long ink = 0;
    for (size_t i = 0; st == CARE_OK && i < fb.stride * (size_t)fb.height; i += 4)
        ink += fb.pixels[i] < 128; /* blue byte of black text on white */
    if (st == CARE_OK)
        printf("carepage %s: %zu page(s), %ld ink pixels on page 1\n", care_version_string(),
               care_layout_page_count(layout), ink);
    else
        fprintf(stderr, "embed: %s: %s\n", care_status_string(st),
                engine ? care_engine_last_error(engine) : "");
    free(fb.pixels);
    care_layout_free(layout);
    care_document_free(doc);
    care_engine_free(engine);
    return st == CARE_OK && ink > 0 ? 0 : 1;
}
