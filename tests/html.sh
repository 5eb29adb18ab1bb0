#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The HTML report in a real browser: Chromium (headless, from Debian) loads the page a run and a
# sweep make, and the DOM it builds must hold every table and figure the result has, with no
# console error (a Content-Security-Policy violation, a parse error); a screenshot must show a
# page, not a blank one.  Run by `make check` with SLSIM and TOP_SRCDIR set.
set -u
: "${SLSIM:?}" "${TOP_SRCDIR:?}"
. "$TOP_SRCDIR/tests/testlib.sh"

browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] && ok || bad "chromium is missing (./quickstart test installs it)"
command -v python3 >/dev/null && ok || bad "python3 is missing (./quickstart test installs it)"
# headless Chromium, alone: its own profile, no sandbox (root in CI), no GPU, no network
chrome() {
  timeout 600 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions \
    --user-data-dir="$tmp/profile" --hide-scrollbars --enable-logging=stderr --v=0 "$@"
}

# a run with queues, a downstream and async events, and its page
expect_rc 0 "run queue-drain" "$SLSIM" run "$TOP_SRCDIR/configs/queue-drain.cfg" -o "$tmp/qd.h5" --quiet
expect_rc 0 "report --html" "$SLSIM" report "$tmp/qd.h5" --html -o "$tmp/qd.html"
expect_rc 2 "report --html onto an existing page" "$SLSIM" report "$tmp/qd.h5" --html -o "$tmp/qd.html"
expect_rc 2 "report --html without -o" "$SLSIM" report "$tmp/qd.h5" --html
expect_rc 2 "report --html of a non-result" "$SLSIM" report "$TOP_SRCDIR/README.md" --html -o "$tmp/x.html"
[ ! -e "$tmp/x.html" ] && ok || bad "a page was written for a non-result"
# the figures the page should have: the ones `plot` draws for the same result
(cd "$tmp" && "$SLSIM" plot qd.h5 -o fig.svg >"$tmp/plotted") && ok || bad "plot queue-drain"
figures=$(grep -c '^wrote' "$tmp/plotted")

chrome --dump-dom "file://$tmp/qd.html" >"$tmp/dom.html" 2>"$tmp/console"
[ -s "$tmp/dom.html" ] && ok || bad "Chromium built no DOM: $(tail -3 "$tmp/console")"
python3 - "$tmp/dom.html" "$figures" "$TOP_SRCDIR/configs/queue-drain.cfg" <<'EOF' && ok || bad "the page's DOM"
import html.parser, sys
class P(html.parser.HTMLParser):
    def __init__(s):
        super().__init__(); s.tags = {}; s.heads = []; s.text = []; s.cur = None
    def handle_starttag(s, t, a):
        s.tags[t] = s.tags.get(t, 0) + 1; s.cur = t
    def handle_data(s, d):
        if s.cur == "h2": s.heads.append(d)
        s.text.append(d)
p = P(); p.feed(open(sys.argv[1]).read())
want = int(sys.argv[2])
assert p.tags.get("svg") == want, ("figures", p.tags.get("svg"), want)
assert p.tags.get("figure") == want
assert "script" not in p.tags and "iframe" not in p.tags
for h in ("Functions", "The bill", "Queues", "Downstreams", "Figures", "Inputs and provenance"):
    assert h in p.heads, (h, p.heads)
text = "".join(p.text)
assert open(sys.argv[3]).read() in text, "the scenario text is not on the page"
assert "orders-consumer" in text and "partner-api" in text
EOF
grep -i 'CONSOLE\|Content Security Policy\|Uncaught' "$tmp/console" && bad "console errors" || ok

# the screenshot: a page of the size asked for, with ink on it
chrome --window-size=1000,1400 --screenshot="$tmp/qd.png" "file://$tmp/qd.html" >/dev/null 2>&1
python3 - "$tmp/qd.png" <<'EOF' && ok || bad "the screenshot is not a rendered page"
import struct, sys, zlib
b = open(sys.argv[1], "rb").read()
assert b[:8] == b"\x89PNG\r\n\x1a\n"
w, h, depth, ctype = struct.unpack(">IIBB", b[16:26])
assert (w, h) == (1000, 1400), (w, h)
data, i = b"", 8
while i < len(b):
    n, kind = struct.unpack(">I4s", b[i:i + 8])
    if kind == b"IDAT": data += b[i + 8:i + 8 + n]
    i += 12 + n
raw = zlib.decompress(data)
dark = sum(1 for k in range(0, len(raw), 7) if raw[k] < 128)  # sampled bytes of dark pixels
assert dark > 500, dark
EOF

# a sweep's page: the CI tables and the sweep figures
expect_rc 0 "sweep" "$SLSIM" sweep "$TOP_SRCDIR/configs/api-steady.cfg" --set duration_h=0.05 \
  --vary functions.api.memory_mb=512,1024 --reps 2 -o "$tmp/sw.h5" --quiet
expect_rc 0 "report --html of a sweep" "$SLSIM" report "$tmp/sw.h5" --html -o "$tmp/sw.html"
chrome --dump-dom "file://$tmp/sw.html" >"$tmp/swdom.html" 2>/dev/null
[ "$(grep -o '<svg' "$tmp/swdom.html" | wc -l)" -eq 2 ] && ok || bad "a sweep's page lacks its two figures"
grep -q 'point 1: functions.api.memory_mb=1024' "$tmp/swdom.html" && ok || bad "a sweep's page lacks point 1"
grep -q '<h1>api-steady</h1>' "$tmp/swdom.html" && grep -q 'api: p99 (ms), mean and 95 % CI of 2 replications' "$tmp/swdom.html" &&
  ok || bad "a sweep's page: its scenario's name and the p99 of api"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
