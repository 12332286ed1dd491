package org.magpie.server.interop;

/** One test of Smack's integration test framework and how it went, under the specification it tests. */
record SintResult(String specification, String test, Outcome outcome, String reason) {

    enum Outcome {
        PASSED, FAILED, IMPOSSIBLE
    }
}
