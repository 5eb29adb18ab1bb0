/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "io/cfgtext.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine/util.h"

/* A growing buffer. */
typedef struct buf {
  char *p;
  size_t len, cap;
} buf;

static void put(buf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    while (b->len + n + 1 > b->cap)
      b->cap = b->cap ? b->cap * 2 : 4096;
    b->p = sls_xrealloc(b->p, b->cap);
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = 0;
}

/* The lexical state between lines: code, inside a string, inside a block comment. */
enum { CODE, STR, BLOCK };

/* Moves p over what is not code — the inside of a string or block comment (st), a string or
 * comment starting at p, a line comment up to the line's end — and updates st; returns p
 * unchanged at code.  Stops at end and at line breaks, which the callers count. */
static const char *skip_noncode(const char *p, const char *end, int *st) {
  while (p < end && *p != '\n') {
    if (*st == STR) {
      if (*p == '\\' && p + 1 < end && p[1] != '\n')
        p += 2;
      else
        *st = *p++ == '"' ? CODE : STR;
    } else if (*st == BLOCK) {
      if (*p == '*' && p + 1 < end && p[1] == '/') {
        *st = CODE;
        p += 2;
      } else
        p++;
    } else if (*p == '"') {
      *st = STR;
      p++;
    } else if (*p == '#' || (*p == '/' && p + 1 < end && p[1] == '/')) {
      while (p < end && *p != '\n') /* the rest of the line is a comment */
        p++;
    } else if (*p == '/' && p + 1 < end && p[1] == '*') {
      *st = BLOCK;
      p += 2;
    } else
      return p; /* code */
  }
  return p;
}

/* The state after the line [p, end), given the state before it. */
static int line_state(const char *p, const char *end, int st) {
  while (p < end) {
    const char *q = skip_noncode(p, end, &st);
    p = q == p ? p + 1 : q;
  }
  return st;
}

/* The reader's state: the expanded text, its line map, the files read. */
typedef struct reader {
  sls_cfgtext *t;
  buf text;
  int map_cap;
  char *err;
} reader;

static void add_line(reader *r, const char *s, size_t n, int file, int line) {
  put(&r->text, s, n);
  put(&r->text, "\n", 1);
  if (r->t->n_lines == r->map_cap) {
    r->map_cap = r->map_cap ? r->map_cap * 2 : 256;
    r->t->map = sls_xrealloc(r->t->map, (size_t)r->map_cap * sizeof *r->t->map);
  }
  r->t->map[r->t->n_lines++] = (sls_cfg_line){file, line};
}

/* The contents of a regular file of at most `room` bytes (malloc'd), or NULL with a message. */
static char *read_file(const char *path, size_t room, const char *from, int from_line, char *err) {
  char where[4200];
  if (from)
    snprintf(where, sizeof where, "%s:%d: @include \"%s\"", from, from_line, path);
  else
    snprintf(where, sizeof where, "%s", path);
  FILE *fp = fopen(path, "rb");
  struct stat st;
  if (!fp || fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
    int e = errno;
    if (fp) fclose(fp);
    sls_err(err, "%s: cannot read: %s", where,
            fp && !S_ISREG(st.st_mode) ? (S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file")
                                       : strerror(e));
    return NULL;
  }
  if ((uint64_t)st.st_size > room) {
    fclose(fp);
    sls_err(err, "%s: expected at most %d MiB of scenario text in all", where, SLS_CFGTEXT_MAX_BYTES >> 20);
    return NULL;
  }
  char *s = sls_xmalloc((size_t)st.st_size + 1);
  size_t n = fread(s, 1, (size_t)st.st_size, fp);
  int bad = ferror(fp);
  fclose(fp);
  if (bad) {
    free(s);
    sls_err(err, "%s: cannot read: %s", where, strerror(errno));
    return NULL;
  }
  s[n] = 0;
  if (strlen(s) != n) {
    free(s);
    sls_err(err, "%s: expected text, found a NUL byte", where);
    return NULL;
  }
  return s;
}

/* path relative to the directory of `base` (unless absolute), malloc'd. */
static char *relative_to(const char *base, const char *path) {
  const char *slash = strrchr(base, '/');
  if (path[0] == '/' || !slash) return sls_xstrdup(path);
  size_t n = (size_t)(slash - base) + 1 + strlen(path) + 1;
  char *out = sls_xmalloc(n);
  snprintf(out, n, "%.*s/%s", (int)(slash - base), base, path);
  return out;
}

/* The file name of an `@include "FILE"` line, or NULL when the line is not one. */
static char *include_of(const char *s, const char *end) {
  while (s < end && (*s == ' ' || *s == '\t'))
    s++;
  if ((size_t)(end - s) < 8 || strncmp(s, "@include", 8)) return NULL;
  s += 8;
  if (s < end && *s != ' ' && *s != '\t') return NULL;
  while (s < end && (*s == ' ' || *s == '\t'))
    s++;
  if (s >= end || *s != '"') return NULL;
  const char *q = memchr(s + 1, '"', (size_t)(end - s - 1));
  if (!q) return NULL;
  size_t n = (size_t)(q - s - 1);
  char *name = sls_xmalloc(n + 1);
  memcpy(name, s + 1, n);
  name[n] = 0;
  return name;
}

static int expand(reader *r, const char *path, int depth, const char *from, int from_line) {
  size_t used = r->text.len;
  char *s = read_file(path, used < SLS_CFGTEXT_MAX_BYTES ? SLS_CFGTEXT_MAX_BYTES - used : 0, from, from_line,
                      r->err);
  if (!s) return from ? SLS_EINPUT : SLS_EIO;
  sls_cfgtext *t = r->t;
  t->files = sls_xrealloc(t->files, (size_t)(t->n_files + 1) * sizeof *t->files);
  int fi = t->n_files++;
  t->files[fi] = sls_xstrdup(path);
  int st = CODE, line = 0, rc = 0;
  for (const char *p = s; *p && !rc;) {
    const char *end = strchr(p, '\n');
    if (!end) end = p + strlen(p);
    line++;
    char *inc = st == CODE ? include_of(p, end) : NULL;
    if (inc) {
      if (depth + 1 > SLS_CFGTEXT_MAX_DEPTH) {
        sls_err(r->err, "%s:%d: @include \"%s\": expected includes at most %d deep", path, line, inc,
                SLS_CFGTEXT_MAX_DEPTH);
        rc = SLS_EINPUT;
      } else {
        char note[4200];
        snprintf(note, sizeof note, "# %.*s  (expanded below)", (int)(end - p), p);
        add_line(r, note, strlen(note), fi, line);
        char *file = relative_to(path, inc);
        rc = expand(r, file, depth + 1, path, line);
        free(file);
      }
      free(inc);
    } else {
      add_line(r, p, (size_t)(end - p), fi, line);
      st = line_state(p, end, st);
    }
    p = *end ? end + 1 : end;
  }
  free(s);
  return rc;
}

/* ---- 64-bit integer literals ---- */

/* An integer literal [s, s + n) (sign, decimal or 0x hex, L or LL): 1 and its class, else 0.
 * *fits32: libconfig 1.5 reads it right without L; *fits64: with L. */
static int integer_literal(const char *s, size_t n, int *has_l, int *fits32, int *fits64) {
  size_t i = 0;
  int neg = 0;
  if (i < n && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
  *has_l = 0;
  while (n > i && (s[n - 1] == 'L' || s[n - 1] == 'l')) {
    n--;
    (*has_l)++;
  }
  if (*has_l > 2) return 0;
  int hex = n - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X');
  if (hex && neg) return 0;
  if (hex) i += 2;
  if (i >= n) return 0;
  uint64_t v = 0;
  int over = 0;
  for (; i < n; i++) {
    int d = s[i] >= '0' && s[i] <= '9'          ? s[i] - '0'
            : hex && s[i] >= 'a' && s[i] <= 'f' ? s[i] - 'a' + 10
            : hex && s[i] >= 'A' && s[i] <= 'F' ? s[i] - 'A' + 10
                                                : -1;
    if (d < 0) return 0;
    unsigned base = hex ? 16 : 10;
    if (v > (UINT64_MAX - (uint64_t)d) / base) over = 1;
    v = v * base + (uint64_t)d;
  }
  uint64_t lim32 = neg ? UINT64_C(1) << 31 : (UINT64_C(1) << 31) - 1;
  uint64_t lim64 = neg ? UINT64_C(1) << 63 : (UINT64_C(1) << 63) - 1;
  *fits32 = !over && v <= lim32;
  *fits64 = !over && v <= lim64;
  return 1;
}

static int ident_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '*'; }
static int ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '_'; }
static int digit(char c) { return c >= '0' && c <= '9'; }

/* One pass over the expanded text.  With out == NULL it marks in wide[k] the arrays (k-th '['
 * in code) holding an integer that needs 64 bits; with out it writes the text with L after
 * every integer that needs it and every integer of a marked array (libconfig wants one type
 * per array).  Returns 0 or SLS_EINPUT with FILE:LINE: KEY in err. */
static int widen(const sls_cfgtext *t, buf *out, char *wide, int n_arrays, char *err) {
  const char *s = t->text;
  int st = CODE, line = 1, array = -1, arrays = 0;
  char key[64] = "integer";
  const char *p = s;
  const char *end = s + strlen(s);
  while (*p) {
    const char *tok = p;
    const char *q = skip_noncode(p, end, &st);
    if (q != p) {
      p = q;
    } else if (*p == '\n') {
      line++;
      p++;
    } else if (ident_start(*p)) {
      while (ident_char(*p))
        p++;
      const char *after = p;
      while (*after == ' ' || *after == '\t')
        after++;
      if (*after == '=' || *after == ':') snprintf(key, sizeof key, "%.*s", (int)(p - tok), tok);
    } else if (digit(*p) || ((*p == '-' || *p == '+' || *p == '.') && (digit(p[1]) || p[1] == '.'))) {
      p++;
      while (digit(*p) || ident_start(*p) || *p == '.' ||
             ((*p == '-' || *p == '+') && (p[-1] == 'e' || p[-1] == 'E')))
        p++;
      int has_l, f32, f64;
      if (integer_literal(tok, (size_t)(p - tok), &has_l, &f32, &f64)) {
        if (!f64) {
          int orig;
          const char *file = sls_cfgtext_where(t, line, &orig);
          sls_err(err,
                  "%s:%d: %s: expected an integer in -9223372036854775808..9223372036854775807, got %.*s",
                  file, orig, key, (int)(p - tok) > 60 ? 60 : (int)(p - tok), tok);
          return SLS_EINPUT;
        }
        int need = !has_l && (!f32 || (array >= 0 && array < n_arrays && wide[array]));
        if (!out && !f32 && array >= 0 && array < n_arrays) wide[array] = 1;
        if (out) {
          put(out, tok, (size_t)(p - tok));
          if (need) put(out, "L", 1);
          continue;
        }
      }
    } else {
      if (*p == '[') array = arrays++;
      if (*p == ']') array = -1;
      p++;
    }
    if (out) put(out, tok, (size_t)(p - tok));
  }
  return 0;
}

static int count_arrays(const char *s) {
  int n = 0;
  for (; *s; s++)
    n += *s == '[';
  return n;
}

int sls_cfgtext_read(const char *path, sls_cfgtext *t, char *err) {
  memset(t, 0, sizeof *t);
  reader r = {.t = t, .err = err};
  int rc = expand(&r, path, 0, NULL, 0);
  t->text = r.text.p ? r.text.p : sls_xstrdup("");
  if (!rc) {
    int na = count_arrays(t->text); /* at least the arrays in code */
    char *wide = sls_xcalloc((size_t)na + 1, 1);
    buf out = {0};
    rc = widen(t, NULL, wide, na, err);
    if (!rc) rc = widen(t, &out, wide, na, err);
    free(wide);
    t->parse = out.p ? out.p : sls_xstrdup("");
  }
  if (rc) sls_cfgtext_free(t);
  return rc;
}

const char *sls_cfgtext_where(const sls_cfgtext *t, int line, int *orig) {
  if (line < 1 || line > t->n_lines) {
    *orig = 0;
    return t->n_files ? t->files[0] : "";
  }
  *orig = t->map[line - 1].line;
  return t->files[t->map[line - 1].file];
}

void sls_cfgtext_free(sls_cfgtext *t) {
  free(t->text);
  free(t->parse);
  free(t->map);
  for (int i = 0; i < t->n_files; i++)
    free(t->files[i]);
  free(t->files);
  memset(t, 0, sizeof *t);
}
