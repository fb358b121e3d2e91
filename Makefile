# Plexus — build, test, demo, benchmarks.
#   make demo    build (release), ingest an example experiment, query it
#   make test    unit and end-to-end tests
#   make bench   throughput against the references (release build)

SWIFT        ?= swift
RELEASE_FLAGS = -c release -Xswiftc -Ounchecked
BIN          := .build/release/plexus
DEMO_DIR     := demo
DEB_PACKAGES := libsqlite3-dev libtiff-dev liblapacke-dev libopenblas-dev pkg-config
export OPENBLAS_NUM_THREADS ?= 1

.PHONY: all deps build release test demo bench schema clean

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

demo: release
	@mkdir -p $(DEMO_DIR)
	rm -f $(DEMO_DIR)/experiment.sqlite*
	$(BIN) ingest ingest/example-samples.csv --db $(DEMO_DIR)/experiment.sqlite --threshold-abs 10 --every 4 --jobs 2
	@echo
	@echo "--- videos"
	sqlite3 -header -column $(DEMO_DIR)/experiment.sqlite "SELECT id, condition, frame_count, processed_frame_count, width, height, bit_depth FROM video"
	@echo "--- first frames"
	sqlite3 -header -column $(DEMO_DIR)/experiment.sqlite "SELECT cell_id, t, component_count, iterations, printf('%.4f', log_likelihood) AS log_likelihood FROM frame ORDER BY t LIMIT 6"
	@echo
	@echo "Database: $(DEMO_DIR)/experiment.sqlite. Try:"
	@echo "  sqlite3 $(DEMO_DIR)/experiment.sqlite \"SELECT t, log_likelihood, iterations FROM frame WHERE cell_id = 1\""
	@echo "  sqlite3 $(DEMO_DIR)/experiment.sqlite \"SELECT k, mean_row, mean_col, weight FROM component WHERE cell_id = 1 AND t = 0\""
	@echo "  sqlite3 $(DEMO_DIR)/experiment.sqlite \"SELECT t, AVG(cov_rr + cov_cc) AS mean_spread_px2 FROM component GROUP BY t\""

bench: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product PlexusBenchmarks --product plexus
	.build/release/PlexusBenchmarks

clean:
	rm -rf .build $(DEMO_DIR)
