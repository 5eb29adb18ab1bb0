/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "engine/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int sls_name_char(int c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.';
}

static int alnum(int c) { return sls_name_char(c) && c != '-' && c != '_' && c != '.'; }

int sls_name_ok(const char *s, size_t max) {
  size_t n = strlen(s);
  if (n == 0 || n > max || !alnum((unsigned char)s[0])) return 0;
  for (size_t i = 1; i < n; i++)
    if (!sls_name_char((unsigned char)s[i])) return 0;
  return 1;
}

const char *sls_name_rule(void) {
  return "1..80 letters, digits, '-', '_' or '.', starting with a letter or a digit";
}

/* Length of the UTF-8 sequence at s (at most n bytes), or 0 when it is not valid. */
static size_t utf8_len(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  size_t len;
  unsigned cp, min;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF)
    len = 2, cp = c & 0x1F, min = 0x80;
  else if (c >= 0xE0 && c <= 0xEF)
    len = 3, cp = c & 0x0F, min = 0x800;
  else if (c >= 0xF0 && c <= 0xF4)
    len = 4, cp = c & 0x07, min = 0x10000;
  else
    return 0;
  if (len > n) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    cp = cp << 6 | (s[i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

int sls_utf8_ok(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  for (size_t i = 0; i < n;) {
    size_t k = utf8_len(p + i, n - i);
    if (!k) return 0;
    i += k;
  }
  return 1;
}

int sls_label_ok(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > SLS_LABEL_MAX || !sls_utf8_ok(s, n)) return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == 0x7F || c == '"' || c == '\'' || c == '`' || c == '\\') return 0;
  }
  return 1;
}

void sls_put_csv(FILE *out, const char *s) {
  size_t n = strlen(s);
  /* OWASP's CSV injection advice: a field a spreadsheet would read as a formula is made text */
  int formula = n && strchr("=+-@\t\r", s[0]);
  int quote = formula || strpbrk(s, ",\"\n\r") != NULL || (n && (s[0] == ' ' || s[n - 1] == ' '));
  if (!quote) {
    fputs(s, out);
    return;
  }
  fputc('"', out);
  if (formula) fputc('\'', out);
  for (; *s; s++) {
    if (*s == '"') fputc('"', out);
    fputc(*s, out);
  }
  fputc('"', out);
}

const char *sls_unit_suffix(const char *name, size_t *stem) {
  /* longest first where one suffix ends another (usd_per_hour before usd, _per_s before _s) */
  static const struct {
    const char *suffix, *unit;
  } units[] = {{"usd_per_hour", "USD/h"},
               {"usd_per_month", "USD per month"},
               {"usd_per_execution", "USD"},
               {"usd", "USD"},
               {"gb_s_per_root", "GB-s"},
               {"gb_s", "GB-s"},
               {"_per_s", "per s"},
               {"_ms", "ms"},
               {"_ns", "ns"},
               {"_s", "s"},
               {"_min", "min"},
               {"_hours", "h"},
               {"_h", "h"},
               {"_pct", "%"},
               {"_mb", "MB"},
               {"_kb", "KB"}};
  size_t n = strlen(name);
  for (size_t k = 0; k < sizeof units / sizeof *units; k++) {
    size_t m = strlen(units[k].suffix);
    if (n < m || strcmp(name + n - m, units[k].suffix)) continue;
    if (stem) { /* the words before the unit, without the '_' that joined them */
      *stem = n - m;
      while (*stem && name[*stem - 1] == '_')
        (*stem)--;
    }
    return units[k].unit;
  }
  if (stem) *stem = n;
  return NULL;
}

void sls_put_num(FILE *out, double v, int json) {
  if (!isfinite(v)) {
    fputs(json ? "null" : isnan(v) ? "nan" : v > 0 ? "inf" : "-inf", out);
    return;
  }
  char b[32];
  for (int digits = 15; digits <= 17; digits++) { /* the shortest of these that reads back as v */
    snprintf(b, sizeof b, "%.*g", digits, v);
    if (strtod(b, NULL) == v) break;
  }
  fputs(b, out);
}

void sls_put_json(FILE *out, const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  size_t n = strlen(s);
  fputc('"', out);
  for (size_t i = 0; i < n;) {
    unsigned char c = p[i];
    if (c == '"' || c == '\\') {
      fputc('\\', out);
      fputc(c, out);
      i++;
    } else if (c < 0x20 || c == 0x7F) {
      fprintf(out, "\\u%04x", c);
      i++;
    } else {
      size_t k = utf8_len(p + i, n - i);
      if (k)
        fwrite(p + i, 1, k, out);
      else
        fputs("\\ufffd", out); /* one replacement per invalid byte */
      i += k ? k : 1;
    }
  }
  fputc('"', out);
}

void sls_put_html(FILE *out, const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    static const char *const ent[] = {
        ['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;"};
    unsigned char c = p[i];
    size_t k = utf8_len(p + i, n - i);
    if (c < sizeof ent / sizeof *ent && ent[c])
      fputs(ent[c], out);
    else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F || k == 0)
      fputs("&#xfffd;", out); /* a control character or an invalid byte: a replacement */
    else
      fwrite(p + i, 1, k, out);
    i += k ? k : 1;
  }
}

/* The next character of s for a terminal: a valid UTF-8 character as it is, except the C0 and C1
 * control characters (escape sequences start with them), and an invalid byte, which become '?'.
 * Returns the bytes of s used; *len gets the bytes to write from s (0: write '?'). */
static size_t term_char(const unsigned char *s, size_t n, size_t *len) {
  size_t k = utf8_len(s, n);
  int control = k == 0 || s[0] < 0x20 || s[0] == 0x7F || (k == 2 && s[0] == 0xC2 && s[1] < 0xA0);
  *len = control ? 0 : k;
  return k ? k : 1;
}

void sls_term_copy(char *out, size_t n, const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  size_t len = strlen(s), k = 0; /* written; never past what was read, so out may be s */
  for (size_t i = 0; i < len && n;) {
    size_t w;
    size_t used = term_char(p + i, len - i, &w);
    if (k + (w ? w : 1) + 1 > n) break;
    if (w)
      memmove(out + k, p + i, w); /* out may be s itself: k <= i */
    else
      out[k] = '?';
    k += w ? w : 1;
    i += used;
  }
  if (n) out[k] = 0;
}

void sls_put_term(FILE *out, const char *s, int width) {
  const unsigned char *p = (const unsigned char *)s;
  size_t len = strlen(s);
  int cols = 0;
  for (size_t i = 0; i < len; cols++) {
    size_t w;
    size_t used = term_char(p + i, len - i, &w);
    if (w)
      fwrite(p + i, 1, w, out);
    else
      fputc('?', out);
    i += used;
  }
  for (; cols < width; cols++)
    fputc(' ', out);
}
