# Plexus — build, test, demo, benchmarks.
#   make demo    build (release), simulate an experiment, ingest it, query it
#   make test    unit and end-to-end tests
#   make bench   throughput against the references (release build)
#   make extension   the SQL functions as a SQLite loadable extension
#   make dist    plexus-VERSION-linux-x86_64.tar.gz, for machines without Swift (cluster nodes)
#   make dist-test   builds the tarball and runs it unpacked, with a clean environment

SWIFT        ?= swift
# A checked build: overflow, bounds and exclusivity checks stay on, so that a
# wrapped size is an error, never a wild write. The hot loops check their
# bounds once outside the loop (`make bench` section 9 shows the cost against
# an -Ounchecked build: within 5 %).
RELEASE_FLAGS = -c release
BIN          := .build/release/plexus
DEMO_DIR     := demo
DEB_PACKAGES := libsqlite3-dev libtiff-dev liblapacke-dev libopenblas-dev libpng-dev libgif-dev pkg-config sqlite3
export OPENBLAS_NUM_THREADS ?= 1

.PHONY: all deps build release test demo bench bench-deps schema extension dist dist-deps dist-test clean

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

# Regenerates the copy of schema.sql compiled into the program.
schema:
	@{ echo "// Generated from schema.sql by \`make schema\`. Do not edit."; \
	   echo "extension Schema {"; \
	   echo "    /// The text of schema.sql."; \
	   echo '    public static let sql = #"""'; \
	   cat schema.sql; \
	   echo '"""#'; \
	   echo "}"; } > Sources/PlexusStore/Schema+SQL.swift

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

# Python packages of the reference implementations the benchmarks compare with.
bench-deps:
	@python3 -c "import numpy, scipy, sklearn, networkx, pandas, tifffile" 2>/dev/null || \
	  python3 -m pip install -q numpy scipy scikit-learn networkx pandas tifffile

bench: release bench-deps
	$(SWIFT) build $(RELEASE_FLAGS) --product PlexusBenchmarks
	$(SWIFT) build -c release -Xswiftc -Ounchecked --scratch-path .build-unchecked --product plexus
	PLEXUS_UNCHECKED=.build-unchecked/release/plexus .build/release/PlexusBenchmarks

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

clean:
	rm -rf .build $(DIST_BUILD) $(DEMO_DIR) plexus-*-linux-x86_64.tar.gz
