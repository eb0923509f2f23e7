# The grader's words around a result, in English (the fallback for every other catalog).
# A check's description and hint are not here: their English is in the check's code
# (grader/src/labs/*.rs); other catalogs key them by check id, e.g.
# tcp-echo--client-trickle-description and tcp-echo--client-trickle-hint.

## Status words of one check (at most 5 columns wide in the table)
status-passed = pass
status-failed = FAIL
status-not-implemented = todo
status-build-failed = build
status-error = ERROR
status-not-applicable = n/a

## grader grade: the table
table-lab = lab
table-checks = checks
table-points = points
table-total = total { $score }/{ $max } points ({ $percent }%) in { $seconds } s

## grader check: one lab, check by check
details-hint = hint:
details-on-the-wire = on the wire:
details-points = { $score }/{ $max } points

## grader status: where each lab stands
progress-done = done
progress-failing = failing
progress-not-started = not started
progress-does-not-compile = does not compile
status-checks = { $count } checks
status-todo = { $count } todo
status-summary = { $done } of { $labs } labs done, { $score }/{ $max } points
status-next = next: { $lab } ({ $why })  `grader check { $lab }` explains each failing check

## grader watch
watch-title = netlabs watch: re-grades when you save a file under labs/ (Enter: now, Ctrl-C quits)
watch-next = next:
watch-all-pass = every check passes: well done!
watch-grading = grading { $labs } ...
watch-graded = graded { $labs } in { $seconds } s; waiting for changes ...

## grader list
list-lab = { $lab } ({ $folder }, { $checks } checks, { $points } points)
