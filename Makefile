# Plexus — build, test, demo, benchmarks.
#   make demo    build (release), simulate an experiment, ingest it, query it
#   make test    unit and end-to-end tests
#   make bench   throughput against the references (release build; make bench-speed: ingest speed only)
#   make extension   the SQL functions as a SQLite loadable extension
#   make dist    plexus-VERSION-linux-x86_64.tar.gz, for machines without Swift (cluster nodes)
#   make dist-test   builds the tarball and runs it unpacked, with a clean environment
#   make fuzz    libFuzzer on the readers of videos, masks, sample sheets and metadata

SWIFT        ?= swift
# A checked build: overflow, bounds and exclusivity checks stay on, so that a
# wrapped size is an error, never a wild write. The hot loops check their
# bounds once outside the loop (`make bench` section 9 shows the cost against
# an -Ounchecked build: within 5 %).
RELEASE_FLAGS = -c release
BIN          := .build/release/plexus
DEMO_DIR     := demo
DEB_PACKAGES := libsqlite3-dev libtiff-dev liblapacke-dev libopenblas-dev libpng-dev libgif-dev libssl-dev pkg-config sqlite3
export OPENBLAS_NUM_THREADS ?= 1

.PHONY: all deps build release test demo bench bench-speed bench-deps schema extension dist dist-deps dist-test fuzz fuzz-build clean

all: build

# Debian packages the build links against; installed only when missing.
deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product plexus

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

# Regenerates the copies compiled into the program: schema.sql, and the named
# queries of queries/ (plexus finds its shipped queries in itself, wherever it is
# installed; a test fails when either copy is out of date).
schema:
	@{ echo "// Generated from schema.sql by \`make schema\`. Do not edit."; \
	   echo "extension Schema {"; \
	   echo "    /// The text of schema.sql."; \
	   echo '    package static let sql = #"""'; \
	   cat schema.sql; \
	   echo '"""#'; \
	   echo "}"; } > Sources/PlexusStore/Schema+SQL.swift
	@{ echo "// Generated from queries/*.sql by \`make schema\`. Do not edit."; \
	   echo ""; \
	   echo "/// The named queries shipped with Plexus: queries/*.sql, compiled in."; \
	   echo "enum ShippedQueries {"; \
	   echo "    /// File name → text, in file-name order."; \
	   echo "    static let files: KeyValuePairs<String, String> = ["; \
	   for f in queries/*.sql; do \
	     echo "        \"$$(basename $$f)\": #\"\"\""; cat $$f; echo ""; echo '"""#,'; \
	   done; \
	   echo "    ]"; \
	   echo "}"; } > Sources/PlexusStore/ShippedQueries.swift

# The tour: a simulated experiment (control, llo, mdivi × 6 cells × 60 frames),
# ingested, queried with SQL, named queries and the statistics functions, and
# reported (demo/report.html), and one llo cell drawn with its fit (demo/llo-cell.gif).
demo: release
	rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)
	$(BIN) simulate --out $(DEMO_DIR)/videos --conditions control,llo,mdivi --cells 6 --frames 60 --seed 1
	$(BIN) ingest $(DEMO_DIR)/videos/samples.csv --db $(DEMO_DIR)/experiment.sqlite --jobs 2
	@echo
	@echo "--- plexus sql: per-cell features over time, summarised per condition"
	$(BIN) sql --db $(DEMO_DIR)/experiment.sqlite --file ingest/demo-per-condition.sql
	@echo
	@echo "--- plexus query spectral_timeline (the first frames of an llo cell)"
	$(BIN) query --db $(DEMO_DIR)/experiment.sqlite spectral_timeline --param cell_id=$$($(BIN) sql --db $(DEMO_DIR)/experiment.sqlite --format csv "SELECT MIN(c.id) FROM cell c JOIN video v ON v.id = c.video_id WHERE v.condition = 'llo'" | tail -1) | head -6
	@echo
	@echo "--- plexus query centrality_drift"
	$(BIN) query --db $(DEMO_DIR)/experiment.sqlite centrality_drift
	@echo
	@echo "--- plexus report: llo and mdivi against control"
	$(BIN) report --db $(DEMO_DIR)/experiment.sqlite --baseline control --out $(DEMO_DIR)/report.html
	$(BIN) report --db $(DEMO_DIR)/experiment.sqlite --baseline control --out $(DEMO_DIR)/report.md
	@sed -n '/^## Summary/,/^## Data/p' $(DEMO_DIR)/report.md | grep '^- '
	@echo
	@echo "--- plexus render: an llo cell's fit drawn on its frames"
	$(BIN) render --db $(DEMO_DIR)/experiment.sqlite --cell $$($(BIN) sql --db $(DEMO_DIR)/experiment.sqlite --format csv "SELECT MIN(c.id) FROM cell c JOIN video v ON v.id = c.video_id WHERE v.condition = 'llo'" | tail -1) --out $(DEMO_DIR)/llo-cell.gif
	@echo
	@echo "Report: $(DEMO_DIR)/report.html (open it in a browser; $(DEMO_DIR)/report.md has the same tables)."
	@echo "Movie: $(DEMO_DIR)/llo-cell.gif (plexus render; .tif gives an RGB stack for Fiji or napari)."
	@echo "Database: $(DEMO_DIR)/experiment.sqlite. Try:"
	@echo "  $(BIN) query --list"
	@echo "  $(BIN) query --db $(DEMO_DIR)/experiment.sqlite laplacian_gradient --param cell_id=1"
	@echo "  $(BIN) functions"
	@echo "  sqlite3 $(DEMO_DIR)/experiment.sqlite \"SELECT k, mean_row, mean_col, weight FROM component WHERE cell_id = 1 AND t = 0\""

# Python packages of the reference implementations the benchmarks compare with,
# and GNU time (the benchmarks read each program's peak memory from it).
bench-deps:
	@python3 -c "import numpy, scipy, sklearn, networkx, pandas, tifffile" 2>/dev/null || \
	  python3 -m pip install -q numpy scipy scikit-learn networkx pandas tifffile
	@[ -x /usr/bin/time ] || { SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq time; }

bench: release bench-deps
	$(SWIFT) build $(RELEASE_FLAGS) --product PlexusBenchmarks
	$(SWIFT) build -c release -Xswiftc -Ounchecked --scratch-path .build-unchecked --product plexus
	PLEXUS_UNCHECKED=.build-unchecked/release/plexus .build/release/PlexusBenchmarks

# Section 12 of make bench alone (about a minute): ingest speed on a simulated cell
# and the real LLO movie against the numpy reference, --jobs 2 scaling, memory.
bench-speed: release bench-deps
	$(SWIFT) build $(RELEASE_FLAGS) --product PlexusBenchmarks
	PLEXUS_BENCH_SPEED_ONLY=1 .build/release/PlexusBenchmarks

# The SQL functions as a SQLite loadable extension: ./libplexus_sqlite.so
# (sqlite3 db ".load ./libplexus_sqlite"; Python: conn.load_extension("./libplexus_sqlite")).
# It runs on the loading program's SQLite, shared or built in, and links no libsqlite3.
extension: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product plexus_sqlite
	cp .build/release/libplexus_sqlite.so ./libplexus_sqlite.so
	@echo "built ./libplexus_sqlite.so"

# A build for machines without Swift: bin/plexus with the Swift runtime linked in
# (--static-swift-stdlib, its own scratch path), lib/libplexus_sqlite.so, and the
# shared libraries they need beyond glibc in lib/, found through the RUNPATH
# $$ORIGIN/../lib that patchelf writes (.ci/dist/dist.sh). SwiftPM links a dynamic
# library with the shared Swift runtime only, so the extension's runtime libraries
# are bundled in lib/ too.
DIST_BUILD := .build-dist
dist-deps: deps
	@command -v patchelf >/dev/null || { SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq patchelf; }

dist: dist-deps
	$(SWIFT) build $(RELEASE_FLAGS) --static-swift-stdlib --scratch-path $(DIST_BUILD) --product plexus
	$(SWIFT) build $(RELEASE_FLAGS) --scratch-path $(DIST_BUILD) --product plexus_sqlite
	.ci/dist/dist.sh $(DIST_BUILD)/release .

# The tarball unpacked in a temporary folder: ldd finds nothing in the build tree or
# the toolchain, and plexus runs there with a clean environment (DistTarballBuildTests,
# skipped by make test: it builds the release twice over).
dist-test: dist-deps
	$(SWIFT) build --build-tests
	PLEXUS_DIST_TEST=1 $(SWIFT) test --skip-build --disable-swift-testing --filter DistTarballBuildTests

# Fuzzing: each target (see Benchmarks/PlexusFuzz) for FUZZ_SECONDS under libFuzzer with
# AddressSanitizer, in a build of its own (.build-fuzz: every Swift module instrumented; the
# target exists only with PLEXUS_FUZZ=1, so `swift build` never compiles it). Seeds are
# written afresh each run; the corpus grows in $(FUZZ_OUT)/corpus, findings (crash, trap,
# sanitizer report, timeout, out-of-memory) land in $(FUZZ_OUT)/artifacts and fail the run.
# A thrown Swift error is a normal outcome. Leak detection is off: Foundation leaks (a 4 KiB
# buffer reading an empty file; about 1 KB per XML error), which is not Plexus's to fix.
# stack-metadata, which parses XML thousands of times a second, runs in libFuzzer's fork
# mode (a fresh process per job, findings not ignored), so that Foundation's leak does not
# reach the memory limit within a run.
# Reproduce a finding (PLEXUS_FUZZ_VERBOSE=1 prints what the readers made of it):
#   SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 .build-fuzz/debug/PlexusFuzz TARGET FILE
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= tiff-video label-image sample-sheet stack-metadata
FUZZ_OUT     ?= Benchmarks/out/fuzz
FUZZ_FLAGS   ?=
FUZZ_BUILD_FLAGS ?=
FUZZ_BIN     := .build-fuzz/debug/PlexusFuzz

fuzz-build: deps
	PLEXUS_FUZZ=1 $(SWIFT) build --scratch-path .build-fuzz --product PlexusFuzz \
	  -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld -Xswiftc -DPLEXUS_FUZZ $(FUZZ_BUILD_FLAGS)

fuzz: fuzz-build
	@$(FUZZ_BIN) --seeds $(FUZZ_OUT)/seeds
	@failed=""; \
	for t in $(FUZZ_TARGETS); do \
	  case $$t in tiff-video|label-image) max_len=16384; mode="";; \
	    stack-metadata) max_len=4096; mode="-fork=1 -ignore_crashes=0 -ignore_timeouts=0 -ignore_ooms=0";; \
	    *) max_len=4096; mode="";; esac; \
	  mkdir -p $(FUZZ_OUT)/corpus/$$t $(FUZZ_OUT)/artifacts/$$t; \
	  log=$(FUZZ_OUT)/$$t.log; \
	  echo "--- fuzz $$t for $(FUZZ_SECONDS) s (log: $$log)"; \
	  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 $(FUZZ_BIN) $$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	    -rss_limit_mb=2048 -malloc_limit_mb=2048 -max_len=$$max_len -detect_leaks=0 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_OUT)/artifacts/$$t/ $$mode $(FUZZ_FLAGS) \
	    $(FUZZ_OUT)/corpus/$$t $(FUZZ_OUT)/seeds/$$t > $$log 2>&1; \
	  status=$$?; \
	  awk -v t=$$t -v status=$$status ' \
	    /^#[0-9]+.*cov: / { line = $$0 } \
	    /^stat::number_of_executed_units:/ { runs = $$2 } \
	    /^stat::average_exec_per_sec:/ { rate = $$2 } \
	    /^stat::peak_rss_mb:/ { rss = $$2 } \
	    END { \
	      match(line, /cov: [0-9]+/); cov = substr(line, RSTART + 5, RLENGTH - 5); \
	      match(line, /ft: [0-9]+/); ft = substr(line, RSTART + 4, RLENGTH - 4); \
	      match(line, /corp: [0-9]+(\/[0-9]+[a-zA-Z]*)?/); corp = substr(line, RSTART + 6, RLENGTH - 6); \
	      if (runs == "") { \
	        match(line, /^#[0-9]+/); runs = substr(line, 2, RLENGTH - 1); \
	        match(line, /time: [0-9]+s/); seconds = substr(line, RSTART + 6, RLENGTH - 7); \
	        rate = seconds > 0 ? int(runs / seconds) : "?"; rss = "(per job)" } \
	      printf "%s: %s runs, %s exec/s, cov %s, ft %s, corpus %s, peak RSS %s%s: %s\n", t, runs, rate, cov, ft, \
	        corp, rss, rss ~ /^[0-9]+$$/ ? " MB" : "", status == 0 ? "no findings" : "FINDING (exit " status ")"; \
	      print "  libFuzzer: " line }' $$log; \
	  if [ $$status -ne 0 ]; then \
	    failed="$$failed $$t"; grep -E "^(==[0-9]+==)?ERROR|^SUMMARY|Test unit written" $$log | head -5; \
	  fi; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzzing found problems in:$$failed (inputs in $(FUZZ_OUT)/artifacts)"; exit 1; fi

clean:
	rm -rf .build .build-fuzz $(DIST_BUILD) .build-unchecked $(DEMO_DIR) plexus-*-linux-x86_64.tar.gz
