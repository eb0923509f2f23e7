# netlabs recipes: thin wrappers over cargo (the README's commands work without just).

# List the recipes.
default:
    @just --list

# Build every crate of the workspace.
build:
    cargo build --workspace

# Run the labs' visible tests and the grader's own tests.
test:
    cargo test --workspace

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

# Measure: a full grade against its longest required wait, batch, memory (`--cold`: a
# newcomer's first result; `--cold-test`: cargo test from cold; `--release`: release).
bench *ARGS:
    cargo run -p grader -- bench {{ARGS}}

# INSTRUCTOR ONLY
# Write the student edition (solutions replaced by starters) to OUT and verify it.
release OUT="../netlabs-student" *ARGS:
    cargo run -p grader -- release --out {{OUT}} {{ARGS}}
# END INSTRUCTOR ONLY

# Build the course book into docs/book and check its links and code excerpts.
docs:
    command -v mdbook >/dev/null || cargo install mdbook --locked --version ^0.4
    bash docs/check.sh

# Serve the course book at http://localhost:3000 while you edit it.
docs-serve:
    command -v mdbook >/dev/null || cargo install mdbook --locked --version ^0.4
    mdbook serve docs

# INSTRUCTOR ONLY
# Everything CI runs.
ci:
    bash .ci/run
# END INSTRUCTOR ONLY
