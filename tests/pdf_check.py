#!/usr/bin/env python3
"""Check a carepage PDF against the PNG pages and layout dump of the same layout,
with poppler-utils (pdfinfo, pdffonts, pdftotext, pdftoppm) and qpdf.

Usage: pdf_check.py PDF PAGE_DIR LAYOUT_JSON PAPER
  PAPER: "WxH" in pt the pages must have (e.g. 595.28x841.89)
       pdf_check.py --glyphs PDF PAGE_DIR
  every page rasterised against its PNG square by square (a glyph drawn blank
  or wrong shows there, not in the mean over a page)

Prints one line per check with its number; exit 1 when one fails.
"""
import json
import re
import struct
import subprocess
import sys
import unicodedata
import zlib

K = 6  # shingle length, as in the extraction scores
failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


def run(*cmd):
    return subprocess.run(cmd, check=True, capture_output=True).stdout


def fold(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def shingles(s):
    return {s[i:i + K] for i in range(max(1, len(s) - K + 1))} if s else set()


def block_recall(found, blocks, prep=lambda t: t):
    """Share of the blocks' own K-shingles found in `found` (a block shorter
    than K counts as one shingle, found when it occurs whole)."""
    have = shingles(found)
    total = hits = 0
    for blk in blocks:
        t = fold(prep(blk["text"]))
        mine = shingles(t) if len(t) >= K else ({t} if t else set())
        total += len(mine)
        hits += sum(1 for x in mine if (x in have if len(t) >= K else x in found))
    return hits / total if total else 1.0


def read_png(path):
    """8-bit grey, RGB or palette PNG (what carepage writes) -> (w, h, grey bytes)."""
    data = open(path, "rb").read()
    pos, idat, plte = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"PLTE":
            plte = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    assert depth == 8 and ctype in (0, 2, 3), (depth, ctype)
    bpp = 3 if ctype == 2 else 1
    raw, stride = zlib.decompress(idat), w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 2:  # Up, carepage's usual filter: one pass
            line = bytearray((u + v) & 255 for u, v in zip(line, prev))
        for x in range(stride if f in (1, 3, 4) else 0):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    pix = b"".join(rows)
    if ctype == 0:
        return w, h, pix
    rgb = pix if ctype == 2 else b"".join(plte[3 * i:3 * i + 3] for i in pix)
    grey = bytes((299 * rgb[i] + 587 * rgb[i + 1] + 114 * rgb[i + 2] + 500) // 1000
                 for i in range(0, len(rgb), 3))
    return w, h, grey


def read_pgm(path):
    data = open(path, "rb").read()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    return int(m.group(1)), int(m.group(2)), data[m.end():]


def rasterise(pdf, page_dir, page, pages):
    """The PNG page and the PDF's page rasterised by pdftoppm at its size (grey)."""
    w, h, png = read_png(f"{page_dir}/page-{page:03d}.png")
    run("pdftoppm", "-f", str(page), "-l", str(page), "-gray", "-scale-to-x", str(w),
        "-scale-to-y", str(h), pdf, f"{page_dir}/pdf-page")
    digits = len(str(pages)) if pages >= 10 else 1
    pw, ph, pgm = read_pgm(f"{page_dir}/pdf-page-{page:0{digits}d}.pgm")
    check((pw, ph) == (w, h), f"pdftoppm: page {page} {pw}x{ph}, PNG {w}x{h}")
    return w, h, png, pgm


def compare_page(pdf, page_dir, page, pages):
    """The PDF's page rasterised by pdftoppm at the PNG's size against the PNG (grey)."""
    w, h, png, pgm = rasterise(pdf, page_dir, page, pages)
    diff = sum(abs(x - y) for x, y in zip(png, pgm)) / len(png)
    # the floor is 4; glyphs on the raster's pixel grid give 0.02-1.4 here
    check(diff <= 2, f"pdftoppm page {page} vs page-{page:03d}.png: mean grey difference "
                     f"{diff:.3f} / 255 (<= 2)")


def worst_square(png, pgm, w, h, side=48):
    """The largest mean grey difference over side x side squares (on a half-side grid)."""
    rows = [bytes(abs(a - b) for a, b in zip(png[y * w:(y + 1) * w], pgm[y * w:(y + 1) * w]))
            for y in range(h)]
    worst = 0
    for top in range(0, h - side + 1, side // 2):
        cols = [sum(col) for col in zip(*rows[top:top + side])]
        for left in range(0, w - side + 1, side // 2):
            worst = max(worst, sum(cols[left:left + side]))
    return worst / (side * side)


def compare_glyphs(pdf, page_dir):
    """Every page square by square: text drawn as in the PNG gives at most about 33
    (edges on another pixel grid, most in the bold title); a Han character drawn
    blank 55-92."""
    pages = int(re.search(rb"Pages:\s+(\d+)", run("pdfinfo", pdf)).group(1))
    for page in range(1, pages + 1):
        w, h, png, pgm = rasterise(pdf, page_dir, page, pages)
        worst = worst_square(png, pgm, w, h)
        check(worst <= 48, f"pdftoppm page {page} vs page-{page:03d}.png: worst 48-px square "
                           f"differs by {worst:.1f} / 255 on average (<= 48)")
    return 1 if failures else 0


def main(pdf, page_dir, layout_json, paper):
    dump = json.load(open(layout_json, encoding="utf-8"))
    blocks = dump["blocks"]
    pages = len(dump["pages"])

    info = run("pdfinfo", pdf).decode()
    check("Tagged:          yes" in info, "pdfinfo: Tagged: yes")
    title = next(b["text"] for b in blocks if b["kind"] == "title")
    m = re.search(r"^Title:\s+(.*)$", info, re.M)
    check(m is not None and m.group(1).strip() != "", f"pdfinfo: title {m and m.group(1)!r}")
    n = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    check(n == pages, f"pdfinfo: {n} pages, PNG pages {pages}")
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    want = [float(v) for v in paper.split("x")]
    got = [float(size.group(1)), float(size.group(2))]
    check(all(abs(a - b) < 0.01 for a, b in zip(got, want)), f"pdfinfo: page {got} pt, want {want}")

    fonts = run("pdffonts", pdf).decode().splitlines()[2:]
    rows = [line.split() for line in fonts if line.strip()]
    ok = rows and all(r[-5:-2] == ["yes", "yes", "yes"] for r in rows)
    check(bool(ok), f"pdffonts: {len(rows)} fonts, all embedded, subset, ToUnicode")

    text = fold(run("pdftotext", "-enc", "UTF-8", pdf, "-").decode())
    recall = block_recall(text, blocks)
    check(recall >= 0.99, f"pdftotext: shingle recall {recall:.4f} (>= 0.99)")
    at, order_ok = -1, True
    for blk in blocks:  # each block's text found, after the one before
        head = fold(blk["text"])[:K]
        found = text.find(head, at + 1)
        order_ok = order_ok and found > at
        at = found if found >= 0 else at
    check(order_ok, "pdftotext: every block's text, in article order")

    struct_lines = run("pdfinfo", "-struct", pdf).decode().splitlines()
    tags = [line.split()[0] for line in struct_lines if line.strip()]
    kinds = [b["kind"] for b in blocks]
    want_p = sum(k in ("paragraph", "byline", "quote") for k in kinds)
    heads = [t for t in tags if re.fullmatch(r"H[1-6]", t)]
    check(tags.count("H1") == kinds.count("title") and
          len(heads) == kinds.count("title") + kinds.count("heading"),
          f"pdfinfo -struct: headings {heads}")
    check(tags.count("P") == want_p, f"pdfinfo -struct: {tags.count('P')} P, {want_p} paragraphs")
    figures = kinds.count("caption") + kinds.count("figure")  # a photo's figure block too
    check(tags.count("Figure") == figures and tags.count("Caption") == figures,
          f"pdfinfo -struct: {tags.count('Figure')} Figure with Caption")
    check(tags.count("LI") == kinds.count("list-item") and tags.count("BlockQuote") >= 1,
          f"pdfinfo -struct: {tags.count('LI')} LI, {tags.count('BlockQuote')} BlockQuote")
    check(tags[0] == "Document", "pdfinfo -struct: Document first")
    # The text the structure tree holds, in its order (emoji left out: poppler
    # reads them by the inkless carrier glyph's first ToUnicode mapping, not
    # their /ActualText).
    no_emoji = lambda t: re.sub("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F]", "", t)
    struct_text = run("pdfinfo", "-struct-text", pdf).decode()
    found = fold(no_emoji("".join(re.findall(r'^\s*"(.*)"$', struct_text, re.M))))
    srecall = block_recall(found, blocks, no_emoji)
    check(srecall == 1, f"pdfinfo -struct-text: block shingle recall {srecall:.4f} (every one)")

    qdf = run("qpdf", "--qdf", "--object-streams=disable", pdf, "-").decode("latin-1")
    check(qdf.count("/Artifact BMC") == pages, f"qpdf: {qdf.count('/Artifact BMC')} artifact groups")
    check(re.search(r"/Lang \(zh-Hans\)", qdf) is not None, "qpdf: catalog /Lang (zh-Hans)")
    check(qdf.count("/Alt ") == figures, "qpdf: /Alt on each Figure")
    emoji_runs = sum(len(re.findall("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B50\uFE0F]+", b["text"]))
                     for b in blocks)
    elems = len(re.findall(r"^ +/ActualText <", qdf, re.M))  # on structure elements
    check(elems == emoji_runs, f"qpdf: /ActualText on {elems} emoji Spans, {emoji_runs} emoji runs")

    # Page 2 (the check), and every page when they are small (the photo's too).
    w, h, _ = read_png(f"{page_dir}/page-001.png")
    for page in range(1, pages + 1) if pages * w * h <= 12_000_000 else [min(2, pages)]:
        compare_page(pdf, page_dir, page, pages)
    return 1 if failures else 0


if __name__ == "__main__":
    if sys.argv[1] == "--glyphs":
        sys.exit(compare_glyphs(*sys.argv[2:]))
    sys.exit(main(*sys.argv[1:]))
