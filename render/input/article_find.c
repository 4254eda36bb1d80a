/* The article in a whole-page copy: unit classification, best span, headline
 * and bylines (see article_find.h). */
#define _GNU_SOURCE /* memmem */
#include "input/article_find.h"
#include "common/keywords.h"
#include "common/text.h"
#include "input/block_builder.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/** Score of a unit that must never be inside the article (notices, breadcrumbs). */
#define SCORE_WALL (-1000)
/** Least weight of a content unit (a sentence of ~25 Han characters or ~12 words). */
#define CONTENT_MIN_WEIGHT 25
/** Weight from which prose without a final full stop is content still. */
#define LONG_WEIGHT 50
/** Headline weight range. */
#define HEADLINE_MIN_WEIGHT 8
#define HEADLINE_MAX_WEIGHT 60
/** Least weight of a headline found by the dateline under it (a real headline, not a
 *  short label such as "sponsored by"). */
#define DATED_HEADLINE_MIN_WEIGHT 12
/** Least weight of an encyclopedia entry's name taken as the headline (one Latin word,
 *  two Han characters). */
#define ENTRY_NAME_MIN_WEIGHT 2
/** Units at the article's start looked at for a block of furniture, and the score
 *  (at most) that makes one. */
#define LEADING_WINDOW 6
#define LEADING_FURNITURE_SCORE (-30)
/** Short units in a row, or words in a unit, that are a toolbar (listen, font size,
 *  share) or a menu, not a lead-in. */
#define TOOLBAR_UNITS 3
/** Least weight of a commenter's line: a name of two characters or a word and the
 *  relative time ("5小时前" alone weighs 4, "5 hours ago" 5). */
#define COMMENTER_MIN_WEIGHT 6
/** Short units in a row from which they are a list, not headings. */
#define LIST_UNITS 3
/** Credit lines after the article's last unit taken as its bylines, at most. */
#define CREDIT_UNITS 3
/** Table rows from which the units before the article are its fact box. */
#define FACT_BOX_ROWS 2
/** Greatest weight of the short text under an advert's label (four words). */
#define AD_TEXT_WEIGHT 8
/** Longest piece of a dateline on a line of its own ("2019年09月07日"), code points. */
#define DATE_PIECE_CHARS 11
/** Short names after a split dateline taken into it, at most, and their greatest weight. */
#define SPLIT_SOURCE_UNITS 2
#define SOURCE_NAME_WEIGHT 8
/** Units looked at before the article for its headline. */
#define HEADLINE_WINDOW 16

/** What a unit looks like on its own. */
typedef enum unit_class {
    CLASS_WALL,    /* notice, copyright, breadcrumb, care-mode button: never article */
    CLASS_BAD,     /* date, counter, navigation word, repeated line, link list */
    CLASS_SHORT,   /* short, no sentence punctuation */
    CLASS_NEAR,    /* short prose */
    CLASS_CONTENT, /* prose */
} unit_class;

typedef struct unit_look {
    int weight;          /* Han characters + 2 per Latin word + 1 per number */
    int sentences;       /* sentence punctuation: 。！？；… and . ! ? ; ending a word */
    int clauses;         /* clause punctuation: ，、 and , : after text */
    int function_words;  /* 的 了 是 …, the of and … */
    bool ends_sentence;  /* last character is sentence punctuation (or a closing quote after it) */
    bool date;           /* short and mostly a date or a time */
    bool full_date;      /* has a year-month(-day) date */
    bool counter;        /* digits only, or a share/comment/like word */
    bool labelled;       /* "来源：…", "作者：…", "By: …" */
    bool repeated;       /* same text as another unit */
    bool comments;       /* "4,060 条评论", "941 comments", "网友评论": readers' comments start here */
    bool toolbar;        /* three or more words, all navigation words or counters ("收藏 微博 分享 5,874") */
    bool citation;       /* an entry of a references list ("^ …", "… Retrieved 2012-08-19.") */
    bool commenter;      /* a name and a relative time ("风子 3小时前"): a reader's comment follows */
    bool credit;         /* "采写：…", "扬子晚报记者 张楠", "Reporting by …": who made the article */
    bool row;            /* a table row copied with its cells apart: a tab between two texts */
    bool ad_label;       /* the whole unit is an advert's label ("ADVERTISING", "广告") */
    bool ad_credit;      /* a short "Powered by …", "Sponsored by …" */
    care_keyword_hits kw; /* the keyword groups (enum keyword_group) in it and opening it */
    int chars;           /* code points */
    int separators;      /* menu separators: | > ｜ ＞ › » */
    unit_class cls;
} unit_look;

static bool has_prefix(const char *s, size_t n, const char *p)
{
    size_t k = strlen(p);
    return k <= n && memcmp(s, p, k) == 0;
}

#define COUNT(a) (sizeof a / sizeof *a)

/* The keyword lists, found in a unit in one pass (common/keywords.h). */

/** Open a notice, a disclaimer or a copyright line: never part of an article. */
static const char *const WALL_OPENERS[] = {
    "特别声明", "免责声明", "声明：", "声明:", "版权声明", "版权所有", "Copyright", "©",
    "(c) ", "Notice:", "All rights reserved", "本文来源于", "本站", "未经授权", "未经许可",
    "违法和不良信息", "举报电话", "网络文化经营", "ICP", "京ICP"};
/** Inside a short unit: page buttons, app banners, breadcrumbs. */
static const char *const WALL_INSIDE[] = {"进入关怀版", "无障碍浏览", "关怀版", "All rights reserved",
                                          "版权所有", "扫描二维码", "扫码", " > ", "》》", " » ",
                                          " › ", "下载客户端", "客户端", "下载地址", "打开APP"};
/** Inside a short unit: navigation or action words (share and its targets, comment,
 *  log in, back, copy link, related). */
static const char *const NAV_WORDS[] = {
    "首页", "登录", "注册", "分享", "评论", "相关", "推荐", "热点", "热门", "更多", "返回",
    "客户端", "下载", "关注", "举报", "收藏", "点赞", "APP", "App", "专题", "频道", "导航",
    "排行", "责任编辑", "回复", "字体", "字号", "微信", "微博", "QQ空间", "复制链接", "Reply", "Share",
    "Sign in", "Log in", "Menu", "Skip to", "Jump to", "Follow", "Search", "Comments", "Home",
    "Newsletter", "Facebook", "Twitter", "WhatsApp", "Whatsapp", "Messenger", "Pinterest",
    "LinkedIn", "Linkedin", "E-mail", "Copy link", "Compartilh" /* pt: share */,
    "Compartir" /* es */, "Partager" /* fr */, "Copiar link", "Voltar" /* pt: back */};
/** Open a navigation unit: a pointer to other pages (related, read more, see also, ads). */
static const char *const NAV_OPENERS[] = {
    "相关资讯请关注", "上一篇", "下一篇", "上一页", "下一页", "Related", "RELATED",
    "Read more", "More from", "See also", "Continue reading", "Advertisement", "ADVERTISEMENT",
    "Sign up", "Subscribe", "Leia mais", "Leia Mais", "Leia também", "Veja também",
    "Saiba mais" /* pt */, "Lire aussi", "Voir aussi" /* fr */};
/** Inside a short unit: a relative time. */
static const char *const AGO[] = {"小时前", "分钟前", "秒前", "天前", "hours ago", "minutes ago",
                                  "days ago", "hour ago", "minute ago"};
/** Inside a short unit with digits: a comment count. */
static const char *const COMMENT_COUNTS[] = {"条评论", "comments", "Comments", "条回复"};
/** Open a unit that is no headline. */
static const char *const NOT_HEADLINES[] = {"【"};
/** Open a note on the article's origin (its title where it first appeared): no headline,
 *  no heading, but part of the article. */
static const char *const ORIGIN_NOTES[] = {"（原标题", "(原标题", "原标题"};
/** The whole of a short unit: the heading of readers' comments. */
static const char *const COMMENT_HEADINGS[] = {
    "评论", "网友评论", "全部评论", "热门评论", "最新评论", "精彩评论", "评论区", "Comments",
    "Reader comments", "Comentários" /* pt */, "Comentarios" /* es */, "Commentaires" /* fr */};
/** Open a citation of a references list (the "^" back-link marker). */
static const char *const CITATION_OPENERS[] = {"^ "};
/** Inside a citation: when the cited page was read or archived. */
static const char *const CITATION_MARKS[] = {
    "Retrieved ", "Archived from the original", "Consultado em", "Consulté le", "检索于",
    "访问日期", "引用日期", "存档于"};
/** Open a credit line (reported, written, photographed, edited by). */
static const char *const CREDIT_OPENERS[] = {
    "采写：", "采写:", "撰文：", "撰文:", "撰稿：", "文字：", "摄影：", "摄影:", "文/", "文／",
    "记者：", "记者:", "通讯员：", "实习生：", "编辑：", "编辑:", "责编：", "校对：", "审核：",
    "（记者", "(记者", "Reporting by", "Additional reporting by", "Edited by", "Written by",
    "本文来源：", "本文来源:", "出品：", "出品︱", "作者︱", "编辑︱", "策划：", "策划︱", "监制：",
    "监制︱", "文︱", "图︱", "[责任编辑", "【责任编辑", "（责任编辑", "(责任编辑"};
/** Open a photo's caption or credit, or a note on the article's origin: never a heading. */
static const char *const CAPTION_OPENERS[] = {
    "图片来源", "图片：", "图片:", "图：", "图:", "图/", "图／", "图注", "图为", "（图", "(图",
    "（来源", "(来源",
    "【文/", "【图/", "原创：", "原创:", "Media caption", "Image caption", "Image copyright",
    "Photo:", "Photo by", "Photograph:", "Foto:", "Crédit photo"};
/** The whole of a unit: an advert's label. */
static const char *const AD_LABELS[] = {
    "Advertisement", "ADVERTISEMENT", "Advertising", "ADVERTISING", "Sponsored", "SPONSORED",
    "Sponsored content", "Paid content", "Anzeige" /* de */, "Publicidade" /* pt */,
    "Publicidad" /* es */, "Publicité" /* fr */, "广告", "推广", "赞助内容"};
/** Open the credit line of an advert or a widget ("Powered by SmartAsset.com"). */
static const char *const AD_CREDITS[] = {"Powered by", "Sponsored by", "Presented by",
                                         "Promoted by", "Paid for by"};
/** Inside a short unit: a reporter's title ("扬子晚报记者 张楠"). */
static const char *const REPORTER_WORDS[] = {"记者", "通讯员"};

/** The groups' bits in care_keyword_hits (the order of KEYWORD_GROUPS). */
enum keyword_group {
    KW_WALL_OPENER = 1u << 0,
    KW_WALL_INSIDE = 1u << 1,
    KW_NAV_WORD = 1u << 2,
    KW_NAV_OPENER = 1u << 3,
    KW_AGO = 1u << 4,
    KW_COMMENTS = 1u << 5,
    KW_NOT_HEADLINE = 1u << 6,
    KW_COMMENT_HEADING = 1u << 7,
    KW_CITATION_OPENER = 1u << 8,
    KW_CITATION_MARK = 1u << 9,
    KW_CREDIT_OPENER = 1u << 10,
    KW_REPORTER = 1u << 11,
    KW_CAPTION = 1u << 12,
    KW_ORIGIN_NOTE = 1u << 13,
    KW_AD_LABEL = 1u << 14,
    KW_AD_CREDIT = 1u << 15,
};

#define GROUP(list) {list, COUNT(list)}
static const care_keyword_group KEYWORD_GROUPS[] = {
    GROUP(WALL_OPENERS), GROUP(WALL_INSIDE), GROUP(NAV_WORDS), GROUP(NAV_OPENERS),
    GROUP(AGO), GROUP(COMMENT_COUNTS), GROUP(NOT_HEADLINES), GROUP(COMMENT_HEADINGS),
    GROUP(CITATION_OPENERS), GROUP(CITATION_MARKS), GROUP(CREDIT_OPENERS), GROUP(REPORTER_WORDS),
    GROUP(CAPTION_OPENERS), GROUP(ORIGIN_NOTES), GROUP(AD_LABELS), GROUP(AD_CREDITS)};

/** Units that open a notice, a disclaimer or a copyright line, or are page
 *  buttons: never part of an article. */
static bool is_wall(const unit_look *look)
{
    int weight = look->weight;
    if (look->kw.at_start & KW_WALL_OPENER)
        return true;
    if (look->separators >= 2 && weight < 80)
        return true; /* a breadcrumb or a menu: 首页 > 新闻 > 正文, 首页|新闻|图片 */
    return weight < 40 && (look->kw.anywhere & KW_WALL_INSIDE);
}

/** Short units that are navigation or action words (share, comment, log in, related). */
static bool is_nav(const unit_look *look)
{
    return (look->weight < 12 && (look->kw.anywhere & KW_NAV_WORD)) ||
           (look->weight < 40 && (look->kw.at_start & KW_NAV_OPENER)) || look->toolbar;
}

/** 的 了 是 在 和 也 就 都 而 与 着 被 把 对 但 将 为 我 他 她 这 (a switch: called for every Han character). */
static bool is_function_word_han(uint32_t cp)
{
    switch (cp) {
    case 0x7684: case 0x4E86: case 0x662F: case 0x5728: case 0x548C: case 0x4E5F: case 0x5C31:
    case 0x90FD: case 0x800C: case 0x4E0E: case 0x7740: case 0x88AB: case 0x628A: case 0x5BF9:
    case 0x4F46: case 0x5C06: case 0x4E3A: case 0x6211: case 0x4ED6: case 0x5979: case 0x8FD9:
        return true;
    default:
        return false;
    }
}

static bool is_function_word_latin(const char *w, size_t n)
{
    static const char *const words[] = {"the", "a", "an", "of", "to", "in", "and", "is", "for",
                                        "that", "on", "with", "as", "was", "it", "by", "at",
                                        "from", "he", "she", "they", "has", "have", "are", "be",
                                        "this", "his", "her", "their", "not", "but", "de", "la",
                                        "le", "les", "des", "et", "em", "do", "da", "que", "o"};
    for (size_t i = 0; i < COUNT(words); i++) {
        size_t k = strlen(words[i]);
        bool same = k == n;
        for (size_t j = 0; same && j < n; j++)
            same = (char)(w[j] | 0x20) == words[i][j];
        if (same)
            return true;
    }
    return false;
}

static bool is_latin_letter(uint32_t cp)
{
    return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= 0xC0 && cp <= 0x24F &&
                                                                      cp != 0xD7 && cp != 0xF7);
}

static bool is_sentence_mark(uint32_t cp)
{
    return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1B || cp == 0x2026 ||
           cp == '!' || cp == '?' || cp == ';' || cp == '.';
}

static bool is_closing_quote(uint32_t cp)
{
    return cp == 0x201D || cp == 0x2019 || cp == '"' || cp == '\'' || cp == 0x300D ||
           cp == 0x300F || cp == ')' || cp == 0xFF09;
}

/** Counts of characters by kind over one unit. */
typedef struct char_counts {
    int han, words, numbers, digits, date_marks, other, colons, spaces;
    uint32_t last, before_last;
} char_counts;

static void count_word(unit_look *look, char_counts *c, const char *s, size_t start, size_t end)
{
    c->words++;
    look->function_words += is_function_word_latin(s + start, end - start);
}

/** Does cp separate the items of a menu or a breadcrumb (| > ｜ ＞ › »)? */
static bool is_menu_separator(uint32_t cp)
{
    return cp == '|' || cp == '>' || cp == 0xFF5C || cp == 0xFF1E || cp == 0x203A || cp == 0xBB;
}

/** Walk the unit once: weights, punctuation, function words, separators. */
static void look_at_chars(const char *s, size_t n, unit_look *look, char_counts *c)
{
    size_t i = 0, word_start = 0;
    bool in_word = false, in_number = false;
    uint32_t prev = 0;
    while (i < n) {
        size_t at = i;
        uint32_t cp = care_utf8_next(s, n, &i);
        look->chars++;
        if (cp >= 0x4E00 && cp <= 0x9FFF) { /* most of Chinese text: what the general */
            if (in_word)                    /* path below does for a Han character */
                count_word(look, c, s, word_start, at);
            in_word = in_number = false;
            c->han++;
            look->function_words += is_function_word_han(cp);
            c->date_marks += cp == 0x5E74 || cp == 0x6708 || cp == 0x65E5; /* 年 月 日 */
            c->before_last = c->last;
            c->last = prev = cp;
            continue;
        }
        look->separators += is_menu_separator(cp);
        c->colons += cp == ':' || cp == 0xFF1A;
        c->spaces += cp == ' ';
        bool letter = is_latin_letter(cp), digit = cp >= '0' && cp <= '9';
        if (in_word && !letter)
            count_word(look, c, s, word_start, at);
        if (letter && !in_word)
            word_start = at;
        in_word = letter;
        c->numbers += digit && !in_number;
        in_number = digit;
        c->digits += digit;
        if (care_is_han(cp)) {
            c->han++;
            look->function_words += is_function_word_han(cp);
            c->date_marks += cp == 0x5E74 || cp == 0x6708 || cp == 0x65E5; /* 年 月 日 */
        } else if (cp == ':' || cp == '-' || cp == '/' || cp == '.') {
            c->date_marks++;
        } else if (!letter && !digit && cp != ' ' && cp != 0x3000 && cp != 0xA0) {
            c->other++;
        }
        bool ascii_end = (cp == '!' || cp == '?' || cp == ';' || cp == '.') &&
                         (is_latin_letter(prev) || is_closing_quote(prev) || care_is_cjk(prev)) &&
                         (cp != '.' || i >= n || s[i] == ' ' || s[i] == '"');
        if (cp >= 0x80 ? is_sentence_mark(cp) : ascii_end)
            look->sentences++;
        else if (cp == 0xFF0C || cp == 0x3001 || cp == 0xFF1A ||
                 ((cp == ',' || cp == ':') && prev != 0 && !(prev >= '0' && prev <= '9')))
            look->clauses++;
        if (cp != ' ' && cp != 0x3000 && cp != 0xA0) {
            c->before_last = c->last;
            c->last = cp;
        }
        prev = cp;
    }
    if (in_word)
        count_word(look, c, s, word_start, n);
}

/** Does s hold a year-month date (2016-10-14, 2016/10/14, 2016年10月)? */
static bool has_full_date(const char *s, size_t n)
{
    for (size_t i = 0; i + 6 <= n; i++) {
        if (s[i] != '1' && s[i] != '2')
            continue;
        bool four = (i == 0 || s[i - 1] < '0' || s[i - 1] > '9');
        for (size_t k = 0; four && k < 4; k++)
            four = s[i + k] >= '0' && s[i + k] <= '9';
        if (!four || (s[i] != '1' && s[i] != '2'))
            continue;
        const char *after = s + i + 4;
        size_t rest = n - i - 4, sep = 0;
        if (rest >= 2 && (*after == '-' || *after == '/' || *after == '.'))
            sep = 1;
        else if (rest >= 4 && has_prefix(after, rest, "年"))
            sep = 3;
        if (sep && after[sep] >= '0' && after[sep] <= '9')
            return true;
    }
    return false;
}

/** Length of the run of 1-2 digits at s[0..n) (0: none, or more than two). */
static size_t short_number(const char *s, size_t n)
{
    size_t k = 0;
    while (k < n && k < 3 && s[k] >= '0' && s[k] <= '9')
        k++;
    return k <= 2 ? k : 0;
}

/** Does s hold a day-month-year date (04.05.2015, 4/5/2015, 04-05-2015: one separator
 *  twice, then a year)? */
static bool has_day_month_year(const char *s, size_t n)
{
    for (size_t i = 0; i + 8 <= n; i++) {
        if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
            continue;
        size_t d = short_number(s + i, n - i);
        if (d == 0 || i + d + 1 >= n)
            continue;
        char sep = s[i + d];
        if (sep != '.' && sep != '/' && sep != '-')
            continue;
        size_t at = i + d + 1, m = short_number(s + at, n - at);
        at += m;
        if (m == 0 || at + 5 > n || s[at] != sep)
            continue;
        size_t y = at + 1, k = 0;
        while (y + k < n && s[y + k] >= '0' && s[y + k] <= '9')
            k++;
        if (k == 4 && (s[y] == '1' || s[y] == '2'))
            return true;
    }
    return false;
}

/** Does s name a month (English, French, Portuguese abbreviations) next to a year? */
static bool has_month_date(const char *s, size_t n)
{
    static const char *const months[] = {"jan", "feb", "fev", "fév", "mar", "apr", "abr", "avr",
                                         "may", "mai", "jun", "juin", "jul", "juil", "aug", "ago",
                                         "aoû", "sep", "set", "oct", "out", "nov", "dec", "dez",
                                         "déc"};
    bool year = false, month = false;
    for (size_t i = 0; i < n; i++) {
        bool letter = (s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z';
        bool start = letter && (i == 0 || !((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z'));
        for (size_t m = 0; start && !month && m < COUNT(months); m++) {
            size_t k = strlen(months[m]), j = 0;
            while (j < k && i + j < n && (char)(s[i + j] | 0x20) == months[m][j])
                j++;
            month = j == k;
        }
        if (i + 4 <= n && (s[i] == '1' || s[i] == '2') && (i == 0 || s[i - 1] < '0' || s[i - 1] > '9')) {
            size_t d = 0;
            while (d < 5 && i + d < n && s[i + d] >= '0' && s[i + d] <= '9')
                d++;
            year |= d == 4;
        }
    }
    return year && month;
}

/** Is s[0..n) a toolbar: TOOLBAR_UNITS or more space-separated words, each a navigation
 *  word or a counter? */
static bool is_toolbar(const care_keywords *kw, const char *s, size_t n)
{
    size_t words = 0, i = 0;
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        size_t start = i;
        bool digits = true;
        for (; i < n && s[i] != ' '; i++)
            digits &= (s[i] >= '0' && s[i] <= '9') || s[i] == ',';
        if (i == start)
            break;
        if (!digits && !(care_keywords_scan(kw, s + start, i - start).anywhere & KW_NAV_WORD))
            return false;
        words++;
    }
    return words >= TOOLBAR_UNITS;
}

/** Is s[0..n) one of AD_LABELS, whole? */
static bool is_ad_label(const char *s, size_t n)
{
    for (size_t i = 0; i < COUNT(AD_LABELS); i++)
        if (strlen(AD_LABELS[i]) == n && memcmp(s, AD_LABELS[i], n) == 0)
            return true;
    return false;
}

static void look_at_unit(const care_keywords *kw, const care_text_unit *u, unit_look *look)
{
    char_counts c = {0};
    memset(look, 0, sizeof *look);
    look->kw = care_keywords_scan(kw, u->text, u->len);
    look_at_chars(u->text, u->len, look, &c);
    look->weight = c.han + 2 * c.words + c.numbers;
    look->toolbar = look->weight < 40 && c.spaces >= TOOLBAR_UNITS - 1 &&
                    is_toolbar(kw, u->text, u->len);
    uint32_t end = is_closing_quote(c.last) ? c.before_last : c.last;
    look->ends_sentence = is_sentence_mark(end);
    look->full_date = (c.digits >= 5 && (has_full_date(u->text, u->len) ||
                                          has_day_month_year(u->text, u->len))) ||
                      (c.han + c.words <= 12 && has_month_date(u->text, u->len));
    int textual = c.han - c.date_marks + c.words;
    look->date = (look->full_date || c.date_marks > 0) && c.digits >= 4 && textual <= 12 &&
                 c.digits * 2 >= textual;
    look->counter = c.han + c.words == 0 && c.digits > 0;
    look->date |= look->weight < 16 && (look->kw.anywhere & KW_AGO);
    look->commenter = look->weight >= COMMENTER_MIN_WEIGHT && look->weight < 16 &&
                      look->sentences == 0 && (look->kw.anywhere & KW_AGO);
    look->comments = (look->weight < 12 && c.digits > 0 && (look->kw.anywhere & KW_COMMENTS)) ||
                     (look->weight <= 4 && look->sentences == 0 &&
                      (look->kw.at_start & KW_COMMENT_HEADING));
    look->citation = (look->kw.at_start & KW_CITATION_OPENER) ||
                     (look->kw.anywhere & KW_CITATION_MARK);
    look->labelled = look->chars <= BYLINE_MAX_CHARS && c.colons > 0 && /* label + colon */
                     care_is_labelled_line(u->text, u->len);
    look->row = memchr(u->text, '\t', u->len) != NULL; /* the unit is trimmed: a tab inside */
    look->ad_label = (look->kw.at_start & KW_AD_LABEL) && is_ad_label(u->text, u->len);
    look->ad_credit = (look->kw.at_start & KW_AD_CREDIT) && look->weight <= 12 &&
                      look->sentences == 0;
    look->credit = look->sentences == 0 && look->weight <= 24 &&
                   (look->labelled || (look->kw.at_start & KW_CREDIT_OPENER) ||
                    (look->weight <= 16 && (look->kw.anywhere & KW_REPORTER)));
}

static unit_class classify(const care_text_unit *u, const unit_look *look)
{
    int w = look->weight;
    int chars = look->chars;
    if (is_wall(look) || look->comments)
        return CLASS_WALL; /* a comment count: readers' comments follow, not the article */
    if (look->citation)
        return CLASS_NEAR; /* dated and short, but part of the article's references */
    if (look->date || look->counter || look->repeated || is_nav(look))
        return CLASS_BAD;
    if (u->link_chars * 2 > (size_t)chars)
        return CLASS_BAD;
    bool prose = look->sentences + look->clauses >= 1 &&
                 (look->function_words >= 1 || look->sentences >= 1);
    if (w >= CONTENT_MIN_WEIGHT && prose && (look->ends_sentence || w >= LONG_WEIGHT))
        return CLASS_CONTENT; /* a headline in a list has no full stop */
    if (w >= 10 && prose)
        return CLASS_NEAR;
    return CLASS_SHORT;
}

static int unit_score(const unit_look *look)
{
    int w = look->weight;
    switch (look->cls) {
    case CLASS_WALL:
        return SCORE_WALL;
    case CLASS_BAD:
        return -(8 + w);
    case CLASS_SHORT:
        return -(2 + w / 4);
    case CLASS_NEAR:
        return look->ends_sentence ? w / 2 : -1;
    case CLASS_CONTENT:
    default:
        return w;
    }
}

/** Hash of s[0..n), eight bytes per multiply (a byte-wise FNV-1a was a
 *  serial multiply chain per byte; the table only needs a good spread). */
static uint64_t text_hash(const char *s, size_t n)
{
    const uint64_t k = 0xFF51AFD7ED558CCDu;
    uint64_t h = 0x9E3779B97F4A7C15u ^ n, w;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        h = (h ^ w) * k;
        h ^= h >> 32;
    }
    w = 0;
    memcpy(&w, s + i, n - i);
    h = (h ^ w) * k;
    return h ^ (h >> 29);
}

static bool same_text(const care_text_unit *a, const care_text_unit *b)
{
    return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

/** Mark units whose text another unit repeats (headlines in related lists): a
 *  hash table of the first unit of each text (open addressing, slot = unit + 1). */
static bool mark_repeats(const care_text_unit *units, size_t n, unit_look *looks)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    size_t *slots = care_calloc(cap, sizeof *slots);
    if (slots == NULL)
        return false;
    for (size_t i = 0; i < n; i++) {
        size_t k = (size_t)text_hash(units[i].text, units[i].len) & (cap - 1);
        while (slots[k] != 0 && !same_text(&units[slots[k] - 1], &units[i]))
            k = (k + 1) & (cap - 1);
        if (slots[k] == 0) {
            slots[k] = i + 1;
        } else {
            looks[slots[k] - 1].repeated = true;
            looks[i].repeated = true;
        }
    }
    free(slots);
    return true;
}

/** The run [first, end) of largest total score (Kadane); false when none is positive. */
static bool best_span(const unit_look *looks, size_t n, size_t *first, size_t *end)
{
    long best = 0, run = 0;
    size_t start = 0;
    bool found = false;
    for (size_t i = 0; i < n; i++) {
        if (run <= 0) {
            run = 0;
            start = i;
        }
        run += unit_score(&looks[i]);
        if (run > best) {
            best = run;
            *first = start;
            *end = i + 1;
            found = true;
        }
    }
    return found;
}

/** A block of furniture (share buttons, tabs) a few units into the article, after
 *  at most one prose unit, means the article starts after it: what comes before is
 *  a notice or a teaser. (After more prose it is a share block inside the article.) */
static size_t skip_leading_furniture(const unit_look *looks, size_t first, size_t end)
{
    int prose = 0;
    for (size_t i = first; i < end && i < first + LEADING_WINDOW && prose <= 1; i++) {
        long run = 0;
        size_t j = i;
        while (j < end && looks[j].cls <= CLASS_BAD)
            run += unit_score(&looks[j++]);
        if (j - i >= 2 && run <= LEADING_FURNITURE_SCORE && j < end)
            return j;
        prose += looks[i].cls == CLASS_CONTENT;
    }
    return first;
}

/** Readers' comments under the article, without a count or a heading over them: the
 *  article ends at a commenter's line ("风子 3小时前") once it has two prose units. */
static size_t end_at_comments(const unit_look *looks, size_t first, size_t end)
{
    int prose = 0;
    for (size_t i = first; i < end; i++) {
        if (looks[i].commenter && prose >= 2)
            return i;
        prose += looks[i].cls == CLASS_CONTENT;
    }
    return end;
}

/** Could unit u be the headline, given the least weight a headline of its kind has? */
static bool headline_shaped(const care_text_unit *u, const unit_look *look, int min_weight)
{
    uint32_t last = 0;
    size_t i = 0;
    while (i < u->len)
        last = care_utf8_next(u->text, u->len, &i);
    if (look->kw.at_start & (KW_NOT_HEADLINE | KW_ORIGIN_NOTE))
        return false;
    return look->cls != CLASS_WALL && !look->date && !look->counter && !look->labelled &&
           look->weight >= min_weight && look->weight <= HEADLINE_MAX_WEIGHT &&
           last != 0x3002 && last != '.' && !is_nav(look);
}

static bool headline_like(const care_text_unit *u, const unit_look *look)
{
    return headline_shaped(u, look, HEADLINE_MIN_WEIGHT);
}

/** Is unit i the name of an encyclopedia-style entry: shown again a few units later
 *  before the article (over an infobox), and named by the article's first prose unit? */
static bool entry_name(const care_text_unit *units, const unit_look *looks, size_t i,
                       size_t first, size_t end)
{
    bool twice = false;
    for (size_t j = i + 1; j < first && j <= i + 4 && !twice; j++)
        twice = units[j].len == units[i].len && memcmp(units[j].text, units[i].text, units[i].len) == 0;
    size_t lede = first;
    while (lede < end && looks[lede].cls != CLASS_CONTENT)
        lede++;
    return twice && lede < end && memmem(units[lede].text, units[lede].len, units[i].text, units[i].len);
}

/** Is a dateline or a byline among the few units after i (a headline's sign)? */
static bool dateline_follows(const unit_look *looks, size_t i, size_t end)
{
    for (size_t k = i + 1; k < end && k <= i + 4; k++)
        if (looks[k].full_date || looks[k].labelled)
            return true;
    return false;
}

/** Headline: among the few units before the article, the earliest headline-like
 *  one a dateline follows, else the earliest entry name (even a single word), else
 *  the one with the best weight for its nearness; else the article's first
 *  unit when it looks like one. */
static size_t find_headline(const care_text_unit *units, const unit_look *looks, size_t first,
                            size_t end)
{
    size_t best = SIZE_MAX, dated = SIZE_MAX, entry = SIZE_MAX;
    int best_score = 0;
    for (size_t k = 1; k <= HEADLINE_WINDOW && k <= first; k++) {
        size_t i = first - k;
        if (headline_shaped(&units[i], &looks[i], ENTRY_NAME_MIN_WEIGHT) &&
            entry_name(units, looks, i, first, end))
            entry = i;
        if (!headline_like(&units[i], &looks[i]))
            continue;
        if (looks[i].weight >= DATED_HEADLINE_MIN_WEIGHT && dateline_follows(looks, i, end))
            dated = i; /* the earliest: a subtitle may come between headline and dateline */
        int score = looks[i].weight - 2 * (int)k;
        if (best == SIZE_MAX || score > best_score) {
            best = i;
            best_score = score;
        }
    }
    if (dated != SIZE_MAX)
        return dated;
    if (entry != SIZE_MAX)
        return entry;
    if (best != SIZE_MAX)
        return best;
    bool one_sentence = looks[first].sentences == 0 ||
                        (looks[first].sentences == 1 && looks[first].ends_sentence);
    return headline_like(&units[first], &looks[first]) && one_sentence ? first : SIZE_MAX;
}

/** A unit between the headline and the article that belongs to it (a standfirst,
 *  a source note, a caption): not furniture and not too short. */
static bool lead_in(const unit_look *look)
{
    return look->cls == CLASS_NEAR || look->cls == CLASS_CONTENT ||
           (look->cls == CLASS_SHORT && look->weight >= 4);
}

/** The article's first unit once the lead-in between the headline and `first` is
 *  pulled in; a run of TOOLBAR_UNITS short units stops it (and stays out). */
static size_t pull_lead_in(const unit_look *looks, size_t title, size_t first)
{
    size_t shorts = 0, before_shorts = first;
    while (first > title + 1 && lead_in(&looks[first - 1])) {
        first--;
        shorts = looks[first].cls == CLASS_SHORT ? shorts + 1 : 0;
        if (shorts == 0)
            before_shorts = first;
        else if (shorts == TOOLBAR_UNITS)
            return before_shorts;
    }
    return first;
}

/** A short unit that can be a value in a fact box: a name, even one the page repeats
 *  elsewhere ("Mozilla Foundation"), but no navigation, date or counter. */
static bool fact_value(const unit_look *look)
{
    return look->cls == CLASS_SHORT || look->cls == CLASS_NEAR ||
           (look->cls == CLASS_BAD && look->repeated && !look->date && !look->counter &&
            !is_nav(look) && look->weight <= HEADLINE_MAX_WEIGHT);
}

/** A fact box just before the article (an infobox copied as table rows: "Founded<TAB>
 *  February 28, 1998", "Website<TAB>…"), after the headline, belongs to it: the
 *  article's first unit becomes the earliest of at least FACT_BOX_ROWS rows in a run
 *  of rows and short units (a value set on lines of its own under its row). */
static size_t pull_fact_box(const unit_look *looks, size_t title, size_t first)
{
    size_t box = first, rows = looks[first].row;
    for (size_t i = first; i > title + 1; i--) {
        const unit_look *look = &looks[i - 1];
        if (look->row && look->cls != CLASS_WALL) {
            box = i - 1;
            rows++;
        } else if (!fact_value(look)) {
            break;
        }
    }
    return rows >= FACT_BOX_ROWS ? box : first;
}

/** A button: a short unit of navigation or action words (share, back, read more). */
static bool is_button(const unit_look *look)
{
    return is_nav(look) && look->weight < 12 && look->sentences == 0;
}

/** Inside the article, a run of two or more buttons (a share block, a gallery's
 *  controls), single short units between them included, is furniture; a lone
 *  button (an inline "See also") stays. */
static void drop_button_runs(const unit_look *looks, size_t from, size_t end, unsigned char *roles)
{
    size_t i = from;
    while (i < end) {
        if (!is_button(&looks[i])) {
            i++;
            continue;
        }
        size_t last = i, buttons = 1;
        for (size_t j = i + 1; j < end; j++) {
            if (is_button(&looks[j])) {
                last = j;
                buttons++;
            } else if (!(looks[j].cls == CLASS_SHORT && looks[j].weight <= 4 && j + 1 < end &&
                         is_button(&looks[j + 1]))) {
                break;
            }
        }
        if (buttons >= 2)
            memset(roles + i, CARE_ROLE_DROP, last + 1 - i);
        i = last + 1;
    }
}

/** Does the short unit `in` occur in `outer`, letters compared without case (a name
 *  set again under its credit: "SMARTASSET.COM" under "Powered by SmartAsset.com")? */
static bool occurs_in(const care_text_unit *in, const care_text_unit *outer)
{
    for (size_t at = 0; in->len > 0 && at + in->len <= outer->len; at++) {
        size_t k = 0;
        while (k < in->len && (in->text[k] | 0x20) == (outer->text[at + k] | 0x20))
            k++;
        if (k == in->len)
            return true;
    }
    return false;
}

/** A short text under an advert's label (the advertiser, "inRead invented by Teads"). */
static bool ad_text(const unit_look *look)
{
    return look->cls == CLASS_SHORT && look->weight <= AD_TEXT_WEIGHT && look->sentences == 0;
}

/** Adverts inside the article: a label ("ADVERTISING") and the short text under it; the
 *  name a widget's credit ("Powered by …", kept) shows again under it. */
static void drop_adverts(const care_text_unit *units, const unit_look *looks, size_t from,
                         size_t end, unsigned char *roles)
{
    for (size_t i = from; i < end; i++) {
        bool next_short = i + 1 < end && ad_text(&looks[i + 1]);
        if (looks[i].ad_label) {
            roles[i] = CARE_ROLE_DROP;
            if (next_short)
                roles[++i] = CARE_ROLE_DROP;
        } else if (looks[i].ad_credit && next_short && occurs_in(&units[i + 1], &units[i])) {
            roles[++i] = CARE_ROLE_DROP;
        }
    }
}

/** A short unit without sentence punctuation: an inline heading (a section's and its
 *  subsection's), unless LIST_UNITS or more come in a row (a list, a table of contents). */
static bool heading_shaped(const unit_look *look)
{
    return look->cls >= CLASS_SHORT && !look->citation && !look->row && look->weight >= 3 &&
           look->weight <= 30 && look->sentences == 0;
}

/** A caption, a credit or a note on the article's origin ("图片来源：…", "文/…",
 *  "（来源：…）", "原标题：…"): short as a heading is, but a paragraph. */
static bool caption_or_credit(const unit_look *look)
{
    return (look->kw.at_start & (KW_CAPTION | KW_CREDIT_OPENER | KW_NOT_HEADLINE |
                                 KW_ORIGIN_NOTE | KW_AD_CREDIT)) != 0;
}

/** Under the article's last unit (end): a note on its origin ("原标题：…") is a
 *  paragraph, and up to CREDIT_UNITS credit lines after it (采写：…, 出品︱…, 责任编辑：…,
 *  Reporting by …) are bylines. */
static void take_credits(const unit_look *looks, size_t n, size_t end, unsigned char *roles)
{
    size_t i = end;
    if (i < n && (looks[i].kw.at_start & KW_ORIGIN_NOTE) && looks[i].cls != CLASS_WALL &&
        looks[i].weight <= HEADLINE_MAX_WEIGHT)
        roles[i++] = CARE_ROLE_BODY;
    for (size_t k = i; i < n && i < k + CREDIT_UNITS && looks[i].credit &&
                       looks[i].cls != CLASS_WALL; i++)
        roles[i] = CARE_ROLE_BYLINE;
}

/** Length of the blank (space, tab, U+3000, U+00A0) at s[0..n), 0: none. */
static size_t blank_len(const char *s, size_t n)
{
    if (n > 0 && (s[0] == ' ' || s[0] == '\t'))
        return 1;
    if (n >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0)
        return 3;
    return n >= 2 && memcmp(s, "\xC2\xA0", 2) == 0 ? 2 : 0;
}

/** Does every blank-separated word of byline a occur in byline b (the page's second
 *  header with the same date and source: "2017-03-10 09:58　来源：晚报" in
 *  "2017-03-10 09:58:03来源：晚报作者：…")? */
static bool byline_within(const care_text_unit *a, const care_text_unit *b)
{
    size_t i = 0, k;
    while (i < a->len) {
        while (i < a->len && (k = blank_len(a->text + i, a->len - i)) > 0)
            i += k;
        size_t start = i;
        while (i < a->len && blank_len(a->text + i, a->len - i) == 0)
            i++;
        if (i > start && memmem(b->text, b->len, a->text + start, i - start) == NULL)
            return false;
    }
    return true;
}

/** A byline among [from, end) that another one there repeats in full (its words all in
 *  the other) is left out: a reader sees the date and source once. Of two bylines with
 *  the same words the first stays. */
static void drop_repeated_bylines(const care_text_unit *units, size_t from, size_t end,
                                  unsigned char *roles)
{
    for (size_t i = from; i < end; i++) {
        for (size_t j = from; j < end && roles[i] == CARE_ROLE_BYLINE; j++) {
            if (j == i || roles[j] != CARE_ROLE_BYLINE || !byline_within(&units[i], &units[j]))
                continue;
            if (j < i || !byline_within(&units[j], &units[i]))
                roles[i] = CARE_ROLE_DROP;
        }
    }
}

/** Is u a piece of a dateline on a line of its own: digits with date marks only
 *  (a year "2019", a day "09/07" or "9月7日", a time "19:02")? *year: it is a year. */
static bool date_piece(const care_text_unit *u, bool *year)
{
    size_t i = 0, digits = 0, chars = 0;
    while (i < u->len) {
        uint32_t cp = care_utf8_next(u->text, u->len, &i);
        chars++;
        if (cp >= '0' && cp <= '9')
            digits++;
        else if (cp != '/' && cp != '-' && cp != '.' && cp != ':' && cp != 0x5E74 &&
                 cp != 0x6708 && cp != 0x65E5) /* 年 月 日 */
            return false;
    }
    *year = chars == 4 && digits == 4 && (u->text[0] == '1' || u->text[0] == '2');
    return digits >= 2 && chars <= DATE_PIECE_CHARS;
}

/** A short name after a split dateline (the source: "扬眼", "晨报"), no furniture. */
static bool source_name(const unit_look *look)
{
    return look->cls == CLASS_SHORT && look->weight <= SOURCE_NAME_WEIGHT && !look->date &&
           !look->counter && !is_nav(look);
}

/** A dateline set on lines of its own between the headline and the article ("2019" /
 *  "09/07" / "19:02", then up to SPLIT_SOURCE_UNITS short names: "扬眼" / "企鹅号"): one
 *  byline of its pieces, when a year and another piece are among them. */
static void join_split_dateline(const care_text_unit *units, const unit_look *looks,
                                size_t from, size_t end, unsigned char *roles)
{
    for (size_t i = from; i < end; i++) {
        size_t k = i;
        bool year = false, any_year = false;
        while (k < end && roles[k] == CARE_ROLE_DROP && date_piece(&units[k], &year)) {
            any_year |= year;
            k++;
        }
        if (k - i < 2 || !any_year)
            continue;
        for (size_t names = 0; k < end && names < SPLIT_SOURCE_UNITS &&
                               roles[k] == CARE_ROLE_DROP && source_name(&looks[k]); names++)
            k++;
        roles[i] = CARE_ROLE_BYLINE;
        memset(roles + i + 1, CARE_ROLE_BYLINE_MORE, k - i - 1);
        return;
    }
}

/** Roles from the span and headline; bylines are label or dated lines next to it. */
static void assign_roles(const care_text_unit *units, const unit_look *looks, size_t n,
                         size_t title, care_article_pick *p, unsigned char *roles)
{
    memset(roles, CARE_ROLE_DROP, n);
    size_t box_end = p->first; /* the fact box is [p->first, box_end) */
    if (title != SIZE_MAX) {
        box_end = pull_lead_in(looks, title, p->first);
        p->first = pull_fact_box(looks, title, box_end);
    }
    size_t body = p->first;
    if (title != SIZE_MAX) {
        roles[title] = CARE_ROLE_TITLE;
        for (size_t i = title + 1; i < p->first; i++)
            if (looks[i].labelled || looks[i].full_date)
                roles[i] = CARE_ROLE_BYLINE;
        if (title == p->first)
            body++;
    }
    while (body < p->end && body < p->first + 4 && !looks[body].row &&
           (looks[body].labelled || looks[body].date)) {
        roles[body] = looks[body].labelled || looks[body].full_date ? CARE_ROLE_BYLINE
                                                                     : CARE_ROLE_DROP;
        body++;
    }
    for (size_t i = body; i < p->end;) {
        size_t run = i;
        while (run < p->end && heading_shaped(&looks[run]))
            run++;
        bool headings = run - i < LIST_UNITS && run < p->end;
        for (; i < run; i++)
            roles[i] = headings && !caption_or_credit(&looks[i]) ? CARE_ROLE_HEADING
                                                                 : CARE_ROLE_BODY;
        if (i == run && i < p->end)
            roles[i++] = CARE_ROLE_BODY;
    }
    if (title != SIZE_MAX) {
        drop_repeated_bylines(units, title + 1, body, roles);
        join_split_dateline(units, looks, title + 1, p->first, roles);
    }
    for (size_t i = p->first; i < box_end; i++)
        roles[i] = CARE_ROLE_BODY; /* a fact box's rows and values: paragraphs */
    drop_button_runs(looks, body, p->end, roles);
    drop_adverts(units, looks, body, p->end, roles);
    take_credits(looks, n, p->end, roles);
    p->dropped = 0;
    for (size_t i = 0; i < n; i++)
        p->dropped += roles[i] == CARE_ROLE_DROP;
}

/** Page copy: enough furniture dropped that the text is not an article on its own. */
static bool looks_like_page(const unit_look *looks, size_t n, const care_article_pick *p)
{
    size_t bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += looks[i].cls <= CLASS_BAD;
    return p->dropped >= 3 && (bad >= 2 || p->dropped * 5 >= n);
}

bool care_article_find(const care_text_unit *units, size_t n, unsigned char *roles,
                       care_article_pick *pick)
{
    memset(pick, 0, sizeof *pick);
    if (n == 0)
        return true;
    care_keywords kw;
    if (!care_keywords_init(&kw, KEYWORD_GROUPS, COUNT(KEYWORD_GROUPS)))
        return false;
    unit_look *looks = care_realloc_array(NULL, n, sizeof *looks);
    for (size_t i = 0; looks != NULL && i < n; i++)
        look_at_unit(&kw, &units[i], &looks[i]);
    care_keywords_free(&kw);
    if (looks == NULL || !mark_repeats(units, n, looks)) {
        free(looks);
        return false;
    }
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        looks[i].cls = classify(&units[i], &looks[i]);
        bad += looks[i].cls <= CLASS_BAD;
    }
    pick->found = best_span(looks, n, &pick->first, &pick->end);
    if (pick->found) {
        pick->first = skip_leading_furniture(looks, pick->first, pick->end);
        pick->end = end_at_comments(looks, pick->first, pick->end);
    }
    if (pick->found) {
        assign_roles(units, looks, n, find_headline(units, looks, pick->first, pick->end), pick,
                     roles);
        pick->page_copy = looks_like_page(looks, n, pick);
    } else {
        pick->page_copy = bad * 2 >= n && n >= 3;
    }
    free(looks);
    return true;
}

/* A byline's tail: what a page sets after the names and the date (care_byline_len). */

/** Page actions and links (report, share, print, follow, font size). */
static const char *const BYLINE_ACTIONS[] = {"举报", "微博", "分享", "收藏", "评论", "纠错", "打印",
                                             "关注", "字号", "Share", "Print", "Report"};
/** Ends of a link to an app ("新浪财经APP", "凤凰新闻客户端"). */
static const char *const APP_TAILS[] = {"APP", "App", "客户端"};
/** Counter units after digits, glued or not ("57人参与", "11评论", "3,004阅读"). */
static const char *const COUNTER_UNITS[] = {"人参与", "条评论", "评论", "阅读"};

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool ends_with(const char *s, size_t n, const char *tail)
{
    size_t k = strlen(tail);
    return k <= n && memcmp(s + n - k, tail, k) == 0;
}

/** Is the word s[0..n) a counter (digits, "4,060"; a year is none), a page action or an
 *  app link? */
static bool byline_furniture(const char *s, size_t n)
{
    bool digits = n > 0 && is_digit(s[0]) && s[n - 1] != ',';
    for (size_t i = 0; digits && i < n; i++)
        digits = is_digit(s[i]) || s[i] == ',';
    if (digits)
        return !(n == 4 && (s[0] == '1' || s[0] == '2'));
    for (size_t i = 0; i < COUNT(BYLINE_ACTIONS); i++)
        if (strlen(BYLINE_ACTIONS[i]) == n && memcmp(s, BYLINE_ACTIONS[i], n) == 0)
            return true;
    for (size_t i = 0; i < COUNT(APP_TAILS); i++)
        if (n > strlen(APP_TAILS[i]) && ends_with(s, n, APP_TAILS[i]))
            return true;
    return false;
}

/** Where a counter with its unit ends s[0..n) ("…57人参与", "… 11评论"): the offset of
 *  its digits; n when there is none. */
static size_t counter_start(const char *s, size_t n)
{
    for (size_t i = 0; i < COUNT(COUNTER_UNITS); i++) {
        size_t d = n - strlen(COUNTER_UNITS[i]);
        if (!ends_with(s, n, COUNTER_UNITS[i]) || d == 0 || !is_digit(s[d - 1]))
            continue;
        while (d > 0 && (is_digit(s[d - 1]) || s[d - 1] == ','))
            d--;
        return d;
    }
    return n;
}

/** Where a staff code glued to the last name ends s[0..n) ("杨倩_NF4425": an underscore,
 *  capital letters, digits): the offset of the underscore; n when there is none. */
static size_t staff_code_start(const char *s, size_t n)
{
    size_t d = n, letters = 0;
    while (d > 0 && is_digit(s[d - 1]))
        d--;
    size_t digits = n - d;
    while (d > 0 && s[d - 1] >= 'A' && s[d - 1] <= 'Z')
        d--, letters++;
    bool code = digits >= 2 && letters >= 1 && letters <= 4 && d >= 2 && s[d - 1] == '_' &&
                s[d - 2] != ' ';
    return code ? d - 1 : n;
}

/** Is the byte before s[at] the end of a blank (space, tab, U+3000)? */
static bool blank_before(const char *s, size_t at)
{
    return at > 0 && (s[at - 1] == ' ' || s[at - 1] == '\t' ||
                      (at >= 3 && memcmp(s + at - 3, "\xE3\x80\x80", 3) == 0));
}

static size_t without_trailing_blanks(const char *s, size_t len)
{
    while (blank_before(s, len))
        len -= s[len - 1] == ' ' || s[len - 1] == '\t' ? 1 : 3;
    return len;
}

/** Length of the font-size button at s[0..n) ("A-", "A", "A+", "大", "中", "小"), 0: none. */
static size_t size_button(const char *s, size_t n)
{
    static const char *const buttons[] = {"A-", "A+", "A\xEF\xBC\x8D" /* A－ */,
                                          "A\xEF\xBC\x8B" /* A＋ */, "A", "大", "中", "小"};
    for (size_t i = 0; i < COUNT(buttons); i++) {
        size_t k = strlen(buttons[i]);
        if (has_prefix(s, n, buttons[i]) && (k == n || s[k] == ' '))
            return k;
    }
    return 0;
}

bool care_byline_control(const char *s, size_t len, size_t *start, size_t *end)
{
    static const char *const labels[] = {"字号", "字体"};
    for (size_t l = 0; l < COUNT(labels); l++) {
        const char *at = memmem(s, len, labels[l], strlen(labels[l]));
        if (at == NULL)
            continue;
        size_t i = (size_t)(at - s) + strlen(labels[l]), buttons = 0, k;
        if (has_prefix(s + i, len - i, "：") || has_prefix(s + i, len - i, ":"))
            i += s[i] == ':' ? 1 : 3;
        while (i < len && s[i] == ' ')
            i++;
        while ((k = size_button(s + i, len - i)) > 0) {
            buttons++;
            for (i += k; i < len && s[i] == ' '; i++)
                ;
        }
        if (buttons >= 2) {
            *start = (size_t)(at - s);
            *end = i;
            return true;
        }
    }
    return false;
}

size_t care_byline_len(const char *s, size_t len)
{
    for (;;) {
        size_t end = without_trailing_blanks(s, len), start = end;
        while (start > 0 && !blank_before(s, start))
            start--;
        size_t cut = counter_start(s, end);
        if (cut == end && start > 0 && byline_furniture(s + start, end - start))
            cut = start;
        if (cut == end)
            cut = staff_code_start(s, end);
        if (cut == end || without_trailing_blanks(s, cut) == 0)
            return end;
        len = cut;
    }
}
