#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fits slsim's runtime cold-start models (models/runtimes/*.cfg) from the shared data.

Source: ../shared/data/aws-lambda-coldstarts/lambda-perf/coldstarts_last30days.csv.gz
(maxday/lambda-perf daily benchmark, 2026-07-23 .. 2026-08-22; one row per cold start, the
platform-reported Init Duration).  For each runtime and package type, x86_64, and each memory
size (128/256/512/1024 MB) the model is the empirical distribution: the percentiles below of
all cold starts of that configuration.

Init Duration excludes sandbox provisioning and network time, which a client does see.  The
`overhead` term estimates it from mikhail.io's client-side medians (2021; JavaScript 0.264 s,
Python 0.215 s, in coldstart_aws_bylanguage.json) minus lambda-perf's Init medians for
nodejs20.x and python3.12 (141 ms, 84 ms): 123 and 131 ms -> lognormal p50 = 125 ms, sigma =
0.35 (sigma assumed).  Different years and regions: treat it as an estimate and override it
where a measurement exists.

Client-side models (overhead 0: the numbers are the whole cold-start penalty a caller sees):
- mikhailio-<language>: mikhail.io's AWS measurements by language
  (coldstart_aws_bylanguage.json; median and 2.5/16.5/83.5/97.5 percentiles): lognormal
  through the median and the 97.5th percentile; the fit string records the 16.5/83.5
  percentiles the fit implies next to the measured ones.
- seed000-*, seed002-*, seed003-*: the tables in ../shared/seeds (000: p50/p99 by runtime and
  memory, late 2025; 002: P50/P95/P99, 2026, 128-512 MB; 003: p50/p99): lognormal through p50
  and p99 (002: the P95 it implies is recorded beside the stated one).

Usage: scripts/fit-runtimes.py [DATA_DIR] [OUT_DIR]
"""
import csv, gzip, json, math, os, sys

Z99, Z975, Z95, Z835 = 2.3263478740408408, 1.959963984540054, 1.6448536269514722, 0.9741138770593095

# (name, description, source, [(memory_mb or None, p50_ms, p99_ms)], stated p95 or None)
SEED_TABLES = [
    ("seed000-nodejs20", "Node.js 20 as measured in the Just-Lambda article (late 2025)", "the Just-Lambda article table 'Cold Start Latency (p50 / p99)'",
     [(128, 320, 890), (512, 180, 410), (1024, 120, 280), (1769, 95, 210)], None),
    ("seed000-python3.12", "Python 3.12 as measured in the Just-Lambda article", "the Just-Lambda article table",
     [(128, 380, 1100), (512, 210, 520), (1024, 140, 340)], None),
    ("seed000-java21", "Java 21 without SnapStart as measured in the Just-Lambda article", "the Just-Lambda article table",
     [(512, 3200, 8400), (1024, 1800, 4200)], None),
    ("seed000-java21-snapstart", "Java 21 with SnapStart as measured in the Just-Lambda article", "the Just-Lambda article table", [(None, 280, 620)], None),
    ("seed000-dotnet8", ".NET 8 as measured in the Just-Lambda article", "the Just-Lambda article table", [(512, 680, 1800), (1024, 420, 980)], None),
    ("seed000-rust", "Rust (custom runtime) as measured in the Just-Lambda article", "the Just-Lambda article table", [(None, 12, 28)], None),
    ("seed000-go", "Go (provided.al2023) as measured in the Just-Lambda article", "the Just-Lambda article table", [(None, 18, 45)], None),
    ("seed002-nodejs22", "Node.js 22, the When-It-Makes-Sense article's 2026 benchmark (128-512 MB)", "the When-It-Makes-Sense article table 'Cold Start Benchmarks (2026)'", [(None, 130, 410)], 280),
    ("seed002-python3.12", "Python 3.12, the When-It-Makes-Sense article (2026)", "the When-It-Makes-Sense article table", [(None, 140, 450)], 310),
    ("seed002-go", "Go (AL2023), the When-It-Makes-Sense article (2026)", "the When-It-Makes-Sense article table", [(None, 35, 120)], 80),
    ("seed002-rust", "Rust (AL2023), the When-It-Makes-Sense article (2026)", "the When-It-Makes-Sense article table", [(None, 30, 110)], 75),
    ("seed002-java21-snapstart", "Java 21 with SnapStart, the When-It-Makes-Sense article (2026)", "the When-It-Makes-Sense article table", [(None, 250, 800)], 520),
    ("seed002-dotnet8-aot", ".NET 8 Native AOT, the When-It-Makes-Sense article (2026)", "the When-It-Makes-Sense article table", [(None, 210, 550)], 380),
    ("seed002-image-1gb", "1 GB container image, the When-It-Makes-Sense article (2026)", "the When-It-Makes-Sense article table", [(None, 800, 3500)], 2100),
    ("seed003-python3.12", "Python 3.12, the Architecture-Guide article", "the Architecture-Guide article table 'Cold Start Benchmarks by Runtime'", [(None, 180, 400)], None),
    ("seed003-nodejs20", "Node.js 20, the Architecture-Guide article", "the Architecture-Guide article table", [(None, 170, 350)], None),
    ("seed003-go", "Go 1.x, the Architecture-Guide article", "the Architecture-Guide article table", [(None, 80, 180)], None),
    ("seed003-rust", "Rust (custom runtime), the Architecture-Guide article", "the Architecture-Guide article table", [(None, 12, 30)], None),
    ("seed003-java21", "Java 21 without SnapStart, the Architecture-Guide article", "the Architecture-Guide article table", [(None, 3000, 6000)], None),
    ("seed003-java21-snapstart", "Java 21 with SnapStart, the Architecture-Guide article", "the Architecture-Guide article table", [(None, 200, 500)], None),
    ("seed003-dotnet8-aot", ".NET 8 Native AOT, the Architecture-Guide article", "the Architecture-Guide article table", [(None, 250, 500)], None),
]

MIKHAIL = {"JavaScript": "javascript", "Python": "python", "Go": "go", "Java": "java", "Ruby": "ruby",
           "C# (2GB+)": "csharp", "Docker": "docker"}


def package_line(name):
    """Package and runtime kind, which decide whether INIT is billed under the scenario's
    init_billing rule (FACTS 3: since 1 Aug 2025 every on-demand INIT; before, only container
    images and OS-only provided.* runtimes).  The seed and mikhail.io models count the whole
    client-side penalty as INIT."""
    image = "image" in name or "docker" in name
    custom = (name.endswith("-go") or name.endswith("-rust") or name in ("go", "rust")) and not name.startswith("mikhailio")
    line = f'package = "{"image" if image else "zip"}"; custom_runtime = {"true" if custom else "false"};'
    return line + ("  # provided.al2023 (OS-only runtime)" if custom else "")


def write_lognormal_model(out, name, desc, source, fit, entries):
    """entries: [(memory_mb or None, p50_ms, p99_ms)]"""
    lines = [f"# {desc}: client-side cold-start model.  Generated by scripts/fit-runtimes.py; do not edit by hand.",
             f'name = "{name}";', f'description = "{desc}";', f'source = "{source}";', f'fit = "{fit}";',
             package_line(name),
             'overhead = { dist = "constant"; value_ms = 0.0; };  # included in init']
    if len(entries) == 1 and entries[0][0] is None:
        _, p50, p99 = entries[0]
        lines.append(f'init = {{ dist = "lognormal"; p50_ms = {p50:.1f}; p99_ms = {p99:.1f}; }};')
    else:
        lines.append("by_memory = (")
        for i, (mem, p50, p99) in enumerate(entries):
            sep = "," if i + 1 < len(entries) else ""
            lines.append(f'  {{ memory_mb = {mem}; init = {{ dist = "lognormal"; p50_ms = {p50:.1f}; p99_ms = {p99:.1f}; }}; }}{sep}')
        lines.append(");")
    with open(os.path.join(out, name + ".cfg"), "w") as f:
        f.write("\n".join(lines) + "\n")


def client_side_models(data, out):
    for name, desc, source, entries, p95 in SEED_TABLES:
        fit = "lognormal through p50 and p99"
        if p95:
            p50, p99 = entries[0][1], entries[0][2]
            implied = p50 * math.exp(math.log(p99 / p50) / Z99 * Z95)
            fit += f"; it implies P95 {implied:.0f} ms where the article states {p95} ms"
        write_lognormal_model(out, name, desc, source, fit, entries)
        print(name, entries)
    for cloud, fname, platform, labels in MIKHAIL_FILES:
        js = json.load(open(os.path.join(data, "aws-lambda-coldstarts", "mikhailio", fname)))
        for label, med, _, p025, p975, p165, p835, _ in js["points"]:
            slug = labels.get(label)
            if slug:
                mikhail_model(out, cloud, fname, platform, label, slug, med, p975, p165, p835)


# (model name prefix, mikhail.io chart, the platform measured, {chart label: model suffix})
MIKHAIL_FILES = [
    ("mikhailio-", "coldstart_aws_bylanguage.json", "AWS Lambda", MIKHAIL),
    ("mikhailio-gcp-", "coldstart_gcp_bylanguage.json", "Google Cloud Functions (1st gen)",
     {"JavaScript": "javascript", "Python": "python", "Go": "go"}),
    ("mikhailio-azure-", "coldstart_azure_bylanguagelinux.json", "Azure Functions Consumption (Linux)",
     {"JavaScript": "javascript", "Python": "python", "C#": "csharp"}),
]


def mikhail_model(out, prefix, fname, platform, label, slug, med, p975, p165, p835):
    if True:
        p50, p975m = med * 1000, p975 * 1000
        sigma = math.log(p975m / p50) / Z975
        p99 = p50 * math.exp(sigma * Z99)
        lo, hi = p50 * math.exp(-sigma * Z835), p50 * math.exp(sigma * Z835)
        fit = (f"lognormal through the median {p50:.0f} ms and the 97.5th percentile {p975m:.0f} ms (sigma {sigma:.3f}); "
               f"it implies 16.5/83.5th percentiles {lo:.0f}/{hi:.0f} ms where mikhail.io measured {p165*1000:.0f}/{p835*1000:.0f} ms")
        desc = f"{label} on {platform}, client-observed (mikhail.io, 2019-2021)"
        src = ("mikhail.io 'Serverless Cold Starts', mikhailshilkov/mikhailio-hugo data/ commit 32ff980b08ae, "
               + fname)
        write_lognormal_model(out, prefix + slug, desc, src, fit, [(None, p50, p99)])
        print(prefix + slug, round(p50), round(p975m))

PCTS = [0, 1, 5, 10, 25, 50, 75, 90, 95, 99, 99.9, 100]
RUNTIMES = [  # file name, lambda-perf runtime_display, package, description
    ("nodejs20", "nodejs20.x", "zip", "Node.js 20, ZIP package"),
    ("nodejs22", "nodejs22.x", "zip", "Node.js 22, ZIP package"),
    ("nodejs20-image", "nodejs20.x", "image", "Node.js 20, container image (minimal)"),
    ("python3.12", "python3.12", "zip", "Python 3.12, ZIP package"),
    ("python3.13", "python3.13", "zip", "Python 3.13, ZIP package"),
    ("python3.12-image", "python3.12", "image", "Python 3.12, container image (minimal)"),
    ("java21", "java21", "zip", "Java 21 (no SnapStart), ZIP package"),
    ("go", "go (prov.al2023)", "zip", "Go on provided.al2023, ZIP package"),
    ("rust", "rust (prov.al2023)", "zip", "Rust on provided.al2023, ZIP package"),
    ("dotnet8", "dotnet8", "zip", ".NET 8, ZIP package"),
    ("ruby3.3", "ruby3.3", "zip", "Ruby 3.3, ZIP package"),
]


def pct(xs, p):
    """Percentile by linear interpolation between order statistics (numpy's default)."""
    xs = sorted(xs)
    k = (len(xs) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "..", "shared", "data")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "models", "runtimes")
    src = os.path.join(data, "aws-lambda-coldstarts", "lambda-perf", "coldstarts_last30days.csv.gz")
    samples = {}
    with gzip.open(src, "rt") as f:
        for r in csv.DictReader(f):
            if r["arch"] != "x86_64":
                continue
            key = (r["runtime_display"], r["package"], int(r["memory_mb"]))
            samples.setdefault(key, []).append(float(r["init_duration_ms"]))
    for name, rt, pkg, desc in RUNTIMES:
        entries = []
        for mem in (128, 256, 512, 1024):
            xs = samples.get((rt, pkg, mem))
            if not xs:
                continue
            vals = [round(pct(xs, p), 1) for p in PCTS]
            entries.append((mem, len(xs), vals))
        if not entries:
            print("no data for", name, file=sys.stderr)
            continue
        lines = [
            f"# {desc}: cold-start model.  Generated by scripts/fit-runtimes.py; do not edit by hand.",
            f'name = "{name}";',
            f'description = "{desc}";',
            'source = "lambda-perf (maxday/lambda-perf) 2026-07-23..2026-08-22, x86_64, '
            f'runtime {rt}, package {pkg}: Init Duration; overhead from mikhail.io 2021 client-side medians";',
            'fit = "empirical percentiles 0,1,5,10,25,50,75,90,95,99,99.9,100 of every cold start per memory size";',
            package_line(name),
            "overhead = { dist = \"lognormal\"; p50_ms = 125.0; sigma = 0.35; };",
            "by_memory = (",
        ]
        for i, (mem, n, vals) in enumerate(entries):
            pl = ", ".join(f"{float(p):g}" if float(p) != int(p) else f"{p}.0" for p in PCTS)
            vl = ", ".join(f"{v:.1f}" for v in vals)
            sep = "," if i + 1 < len(entries) else ""
            lines.append(f"  {{ memory_mb = {mem}; n = {n};")
            lines.append(f"    init = {{ dist = \"empirical\"; percentiles = [{pl}];")
            lines.append(f"             values_ms = [{vl}]; }}; }}{sep}")
        lines.append(");")
        with open(os.path.join(out, name + ".cfg"), "w") as f:
            f.write("\n".join(lines) + "\n")
        print(name, [(m, n, v[5], v[9]) for m, n, v in entries])
    client_side_models(data, out)


if __name__ == "__main__":
    main()
