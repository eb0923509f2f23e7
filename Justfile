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

# Run a reference peer by hand (`just serve --list` lists them).
serve PEER *ARGS:
    cargo run -p grader -- serve {{PEER}} {{ARGS}}

# Measure: full-grade wall time against the waits checks need, cold build time, and more.
bench:
    cargo run -p grader -- bench

# Build the course book into docs/book and check its links and code excerpts.
docs:
    command -v mdbook >/dev/null || cargo install mdbook --locked --version ^0.4
    bash docs/check.sh

# Serve the course book at http://localhost:3000 while you edit it.
docs-serve:
    command -v mdbook >/dev/null || cargo install mdbook --locked --version ^0.4
    mdbook serve docs

# Everything CI runs.
ci:
    bash .ci/run
