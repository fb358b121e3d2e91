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
	@echo "--- first frames: the fit, and the network of its components"
	sqlite3 -header -column $(DEMO_DIR)/experiment.sqlite "SELECT t, component_count AS K, iterations, printf('%.4f', log_likelihood) AS log_likelihood, edge_count, printf('%.3e', algebraic_connectivity) AS algebraic_connectivity, printf('%.4f', spectral_gap) AS spectral_gap FROM frame ORDER BY t LIMIT 6"
	@echo "--- the most central nodes of frame 0"
	sqlite3 -header -column $(DEMO_DIR)/experiment.sqlite "SELECT n.k, printf('%.1f', c.mean_row) AS row_px, printf('%.1f', c.mean_col) AS col_px, printf('%.4f', n.eigenvector_centrality) AS centrality, printf('%.4f', n.pagerank) AS pagerank FROM node_metric n JOIN component c USING (cell_id, t, k) WHERE n.t = 0 ORDER BY n.eigenvector_centrality DESC LIMIT 3"
	@echo
	@echo "Database: $(DEMO_DIR)/experiment.sqlite. Try:"
	@echo "  sqlite3 $(DEMO_DIR)/experiment.sqlite \"SELECT t, algebraic_connectivity, connected_components FROM frame WHERE cell_id = 1\""
	@echo "  sqlite3 $(DEMO_DIR)/experiment.sqlite \"SELECT k, mean_row, mean_col, weight FROM component WHERE cell_id = 1 AND t = 0\""
	@echo "  sqlite3 $(DEMO_DIR)/experiment.sqlite \"SELECT src, dst, weight FROM edge WHERE cell_id = 1 AND t = 0 ORDER BY weight DESC LIMIT 10\""

bench: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product plexus
	$(SWIFT) build $(RELEASE_FLAGS) --product PlexusBenchmarks
	.build/release/PlexusBenchmarks

clean:
	rm -rf .build $(DEMO_DIR)
