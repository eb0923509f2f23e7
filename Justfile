# netlabs recipes: thin wrappers over cargo (the README's commands work without just).

# List the recipes.
default:
    @just --list

# Build every crate of the workspace.
build:
    cargo build --workspace

# Run every lab's visible tests and the grader's own tests (all of them, even after a failure).
test:
    cargo test --workspace --no-fail-fast

# Grade every lab of this checkout (or the labs given).
grade *LABS:
    cargo run -p grader -- grade {{LABS}}

# Grade one lab and explain every failure.
check LAB:
    cargo run -p grader -- check {{LAB}}

# Progress over every lab: done, failing (n of m checks) or not started.
status:
    cargo run -p grader -- status

# Re-grade on every save and show the next failing check (one lab, or all); Ctrl-C quits.
watch *LAB:
    cargo run -p grader -- watch {{LAB}}

# INSTRUCTOR ONLY
# Grade a class: one folder per student under DIR; writes results.csv, results-json/ and report.html.
batch DIR *ARGS:
    cargo run -p grader -- batch {{DIR}} --out results.csv --html report.html {{ARGS}}

# Package the grader: `just export gradescope autograder.zip` or `just export classroom DIR`.
export KIND OUT:
    cargo run -p grader --features export -- export {{KIND}} --out {{OUT}}
# END INSTRUCTOR ONLY

# Run a reference peer by hand (`just serve --list` lists them).
serve PEER *ARGS:
    cargo run -p grader -- serve {{PEER}} {{ARGS}}

# Build the Pi lab for a Raspberry Pi and copy its programs and smoke test over scp:
# `just pi aarch64-unknown-linux-gnu pi@raspberrypi.local` (32-bit OS: armv7-unknown-linux-gnueabihf).
pi TARGET HOST DIR="netlabs":
    cargo build --release -p pi-devices --features rpi --target {{TARGET}}
    ssh {{HOST}} mkdir -p {{DIR}}
    cd target/{{TARGET}}/release && scp led led-server relay relay-server lcd lcd-server climate climate-server {{HOST}}:{{DIR}}/
    scp labs/13-pi-devices/scripts/smoke-test.sh {{HOST}}:{{DIR}}/
    @echo "on the Pi: cd {{DIR}} && ./lcd-server --backend rpi   (or ./smoke-test.sh)"

# INSTRUCTOR ONLY
# Measure: a full grade against its longest required wait, batch, memory (`--cold`: a
# newcomer's first result; `--cold-test`: cargo test from cold; `--release`: release).
bench *ARGS:
    cargo run -p grader -- bench {{ARGS}}
# END INSTRUCTOR ONLY

# INSTRUCTOR ONLY
# Write the student edition (solutions replaced by starters) to OUT and verify it.
release OUT="../netlabs-student" *ARGS:
    cargo run -p grader -- release --out {{OUT}} {{ARGS}}
# END INSTRUCTOR ONLY

# Build the course book (English, th/, zh-TW/) into docs/book; check links, excerpts, PO files.
docs:
    command -v mdbook >/dev/null || cargo install mdbook --locked --version ^0.4
    command -v mdbook-gettext >/dev/null || cargo install mdbook-i18n-helpers --locked --version 0.3.6
    bash docs/check.sh

# Serve the course book at http://localhost:3000 while you edit it.
docs-serve:
    command -v mdbook >/dev/null || cargo install mdbook --locked --version ^0.4
    command -v mdbook-gettext >/dev/null || cargo install mdbook-i18n-helpers --locked --version 0.3.6
    mdbook serve docs

# INSTRUCTOR ONLY
# Prove the course consistent: every lab's checks, programs, regions, sheet, chapter, snapshots.
dev-check:
    cargo run -p grader -- dev check

# Mutation testing with the grader as the oracle: bugs planted in LAB's solution regions must
# each fail a check (survivors are listed in fixtures/mutants/survivors/LAB.txt). Minutes per lab.
mutants LAB *ARGS:
    bash fixtures/mutants/run.sh {{LAB}} {{ARGS}}
# END INSTRUCTOR ONLY

# INSTRUCTOR ONLY
# Everything CI runs.
ci:
    bash .ci/run
# END INSTRUCTOR ONLY
