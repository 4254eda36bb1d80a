/* What cairo 1.16 cannot write into a tagged PDF, added with libqpdf's C API
 * (objects edited through qpdf, the file rewritten by qpdf's writer; no PDF
 * syntax written by hand except the two marked-content operators around a
 * form's drawing): the catalog's /Lang and /ViewerPreferences
 * /DisplayDocTitle (PDF/UA-1 §7.2, §7.1), /Alt on the Figure elements
 * (§7.3), /ActualText on emoji Spans (ISO 32000-1 §14.9.4), and each page's
 * artifact group marked /Artifact (ISO 32000-1 §14.8.2.2). */
#include "output/pdf_writer.h"

#include <qpdf/qpdf-c.h>
#include <stdlib.h>
#include <string.h>

/* Figures nest at most this deep in the structure tree we write. */
#define MAX_TREE_DEPTH 64

static care_status qpdf_failure(qpdf_data q, const char *path, const char *what, care_error *err)
{
    qpdf_error e = qpdf_has_error(q) ? qpdf_get_error(q) : NULL;
    return care_fail(err, CARE_ERR_IO, "cannot make the PDF %s: qpdf %s: %s", path, what,
                     e ? qpdf_get_error_full_text(q, e) : "failed");
}

/* Call fn on every structure element under node, depth first (the order
 * the elements were begun in). */
typedef void (*element_fn)(qpdf_data q, qpdf_oh element, void *ctx);

static void walk_elements(qpdf_data q, qpdf_oh node, element_fn fn, void *ctx, int depth)
{
    if (depth > MAX_TREE_DEPTH)
        return;
    if (qpdf_oh_is_array(q, node)) {
        int n = qpdf_oh_get_array_n_items(q, node);
        for (int i = 0; i < n; i++)
            walk_elements(q, qpdf_oh_get_array_item(q, node, i), fn, ctx, depth + 1);
        return;
    }
    if (!qpdf_oh_is_dictionary(q, node))
        return;
    fn(q, node, ctx);
    if (qpdf_oh_has_key(q, node, "/K"))
        walk_elements(q, qpdf_oh_get_key(q, node, "/K"), fn, ctx, depth + 1);
}

static bool is_type(qpdf_data q, qpdf_oh element, const char *type)
{
    return qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, element, "/S"), type);
}

/* /Alt on the Figures, in order. */
typedef struct alt_walk {
    const care_pdf_amendments *a;
    size_t next;
} alt_walk;

static void set_alt(qpdf_data q, qpdf_oh element, void *ctx)
{
    alt_walk *w = ctx;
    if (is_type(q, element, "/Figure") && w->next < w->a->figure_count)
        qpdf_oh_replace_key(q, element, "/Alt",
                            qpdf_oh_new_unicode_string(q, w->a->figure_alts[w->next++]));
}

/* The Span elements, in order. */
typedef struct span_walk {
    qpdf_oh *spans;
    size_t cap, n;
} span_walk;

static void collect_span(qpdf_data q, qpdf_oh element, void *ctx)
{
    span_walk *w = ctx;
    if (!is_type(q, element, "/Span"))
        return;
    if (w->n < w->cap)
        w->spans[w->n] = element;
    w->n++;
}

/* /ActualText on the emoji Spans; left out unless the tree has exactly the
 * Spans that were begun (cairo writes every element it was given). */
static void set_actual_texts(qpdf_data q, qpdf_oh tree, const care_pdf_amendments *a)
{
    if (a->actual_count == 0)
        return;
    span_walk w = {care_calloc(a->spans + 1, sizeof *w.spans), a->spans, 0};
    if (w.spans)
        walk_elements(q, tree, collect_span, &w, 0);
    for (size_t k = 0; w.spans && w.n == a->spans && k < a->actual_count; k++)
        if (a->actual[k].span < w.n)
            qpdf_oh_replace_key(q, w.spans[a->actual[k].span], "/ActualText",
                                qpdf_oh_new_binary_unicode_string(q, a->actual[k].text,
                                                                  a->actual[k].len));
    free(w.spans);
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

/* The name of the first XObject the content paints ("/x5 Do" gives "/x5").
 * cairo writes text as hex strings, so "Do" cannot occur inside one. */
static bool first_xobject(const unsigned char *s, size_t n, char *name, size_t cap)
{
    for (size_t i = 1; i + 1 < n; i++) {
        if (s[i] != 'D' || s[i + 1] != 'o' || !is_space(s[i - 1]) ||
            (i + 2 < n && !is_space(s[i + 2])))
            continue;
        size_t e = i;
        while (e > 0 && is_space(s[e - 1]))
            e--;
        size_t b = e;
        while (b > 0 && !is_space(s[b - 1]) && s[b - 1] != '/')
            b--;
        if (b == 0 || s[b - 1] != '/' || e - b + 2 > cap)
            return false;
        name[0] = '/';
        memcpy(name + 1, s + b, e - b);
        name[e - b + 1] = '\0';
        return true;
    }
    return false;
}

/* Enclose the drawing of form XObject `form` in /Artifact BMC ... EMC.
 * (qpdf's warnings, e.g. on the duplicate XObject names cairo 1.16 writes
 * into the resources of an emoji fallback image, are not failures.) */
static bool mark_artifact(qpdf_data q, qpdf_oh form)
{
    unsigned char *data = NULL;
    size_t len = 0;
    QPDF_BOOL filtered = QPDF_FALSE;
    if ((qpdf_oh_get_stream_data(q, form, qpdf_dl_generalized, &filtered, &data, &len) &
         QPDF_ERRORS) || !filtered) {
        free(data);
        return false;
    }
    static const char open[] = "/Artifact BMC\n", close[] = "\nEMC\n";
    unsigned char *marked = malloc(len + sizeof open + sizeof close);
    if (marked) {
        memcpy(marked, open, sizeof open - 1);
        memcpy(marked + sizeof open - 1, data, len);
        memcpy(marked + sizeof open - 1 + len, close, sizeof close - 1);
        qpdf_oh_replace_stream_data(q, form, marked, len + sizeof open + sizeof close - 2,
                                    qpdf_oh_new_null(q), qpdf_oh_new_null(q));
    }
    free(marked);
    free(data);
    return marked != NULL;
}

/* Page `i`'s artifact group: the first XObject its content paints. */
static bool mark_page_artifacts(qpdf_data q, size_t i)
{
    qpdf_oh page = qpdf_get_page_n(q, i);
    unsigned char *content = NULL;
    size_t len = 0;
    char name[64];
    if (qpdf_oh_get_page_content_data(q, page, &content, &len) & QPDF_ERRORS) {
        free(content);
        return false;
    }
    bool found = first_xobject(content, len, name, sizeof name);
    free(content);
    if (!found)
        return false;
    qpdf_oh xobjects = qpdf_oh_get_key(q, qpdf_oh_get_key(q, page, "/Resources"), "/XObject");
    qpdf_oh form = qpdf_oh_get_key(q, xobjects, name);
    return qpdf_oh_is_stream(q, form) && mark_artifact(q, form);
}

static care_status amend(qpdf_data q, const care_pdf_amendments *a, const char *path,
                         care_error *err)
{
    qpdf_oh root = qpdf_get_root(q);
    qpdf_oh_replace_key(q, root, "/Lang", qpdf_oh_new_unicode_string(q, a->lang));
    qpdf_oh_replace_key(q, root, "/ViewerPreferences",
                        qpdf_oh_parse(q, "<< /DisplayDocTitle true >>"));
    qpdf_oh tree = qpdf_oh_get_key(q, qpdf_oh_get_key(q, root, "/StructTreeRoot"), "/K");
    alt_walk alts = {a, 0};
    walk_elements(q, tree, set_alt, &alts, 0);
    set_actual_texts(q, tree, a);
    int pages = qpdf_get_num_pages(q);
    for (int i = 0; i < pages; i++)
        if (!mark_page_artifacts(q, (size_t)i))
            return care_fail(err, CARE_ERR_IO, "cannot make the PDF %s: page %d has no "
                             "artifact group to mark", path, i + 1);
    if (alts.next != a->figure_count)
        return care_fail(err, CARE_ERR_IO, "cannot make the PDF %s: %zu figures drawn, %zu "
                         "Figure elements found", path, a->figure_count, alts.next);
    return qpdf_has_error(q) ? qpdf_failure(q, path, "editing", err) : CARE_OK;
}

care_status care_pdf_amend(const char *pdf, size_t len, const care_pdf_amendments *a,
                           const char *path, care_buf *out, care_error *err)
{
    qpdf_data q = qpdf_init();
    if (!q)
        return care_fail(err, CARE_ERR_NO_MEMORY, "out of memory amending the PDF %s", path);
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    care_status st = qpdf_read_memory(q, path, pdf, (unsigned long long)len, NULL) & QPDF_ERRORS
                         ? qpdf_failure(q, path, "reading cairo's output", err)
                         : amend(q, a, path, err);
    if (st == CARE_OK) {
        qpdf_init_write_memory(q);
        qpdf_set_object_stream_mode(q, qpdf_o_generate);
        qpdf_set_deterministic_ID(q, QPDF_TRUE);
        if (qpdf_write(q) & QPDF_ERRORS)
            st = qpdf_failure(q, path, "writing", err);
    }
    if (st == CARE_OK) {
        care_buf_append(out, (const char *)qpdf_get_buffer(q), qpdf_get_buffer_length(q));
        if (out->failed)
            st = care_fail(err, CARE_ERR_NO_MEMORY, "out of memory amending the PDF %s", path);
    }
    qpdf_cleanup(&q);
    return st;
}
