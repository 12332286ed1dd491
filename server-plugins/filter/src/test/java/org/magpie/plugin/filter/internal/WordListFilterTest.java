package org.magpie.plugin.filter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.server.api.WordFilter.Action;

class WordListFilterTest {

    @TempDir
    Path tmp;

    @Test
    void aChangedListAppliesAtTheNextCheckAndABrokenOneKeepsThePrevious() throws Exception {
        Path file = tmp.resolve("words.txt");
        Files.writeString(file, "alpha\n", StandardCharsets.UTF_8);
        WordListFilter filter = new WordListFilter(file);
        try {
            assertEquals(Action.MASKED, filter.check("alpha").action());
            assertTrue(filter.check("beta").isClean());

            Files.writeString(file, "alpha\nbeta block\n", StandardCharsets.UTF_8);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
            filter.reloadIfChanged();
            assertEquals(Action.BLOCKED, filter.check("beta").action());

            Files.write(file, new byte[] {(byte) 0xC3, (byte) 0x28, '\n'}); // not UTF-8
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
            filter.reloadIfChanged();
            assertEquals(Action.BLOCKED, filter.check("beta").action(), "the previous list stays in force");

            Files.delete(file);
            filter.reloadIfChanged();
            assertTrue(filter.check("beta").isClean(), "a removed list filters nothing");
        } finally {
            filter.stop();
        }
    }

    @Test
    void aMissingListFiltersNothing() {
        WordListFilter filter = new WordListFilter(tmp.resolve("none.txt"));
        try {
            assertTrue(filter.check("anything").isClean());
        } finally {
            filter.stop();
        }
    }

    @Test
    void aCheckRightAfterTheStartWaitsForTheListInsteadOfPassingTheText() throws Exception {
        Path file = tmp.resolve("words.txt");
        Files.writeString(file, "alpha\n", StandardCharsets.UTF_8);
        CountDownLatch release = new CountDownLatch(1);
        WordListFilter filter = new WordListFilter(file, () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Folding();
        });
        try {
            CompletableFuture<Action> early = CompletableFuture.supplyAsync(() -> filter.check("alpha").action());
            release.countDown();
            assertEquals(Action.MASKED, early.get(30, TimeUnit.SECONDS));
        } finally {
            filter.stop();
        }
    }

    @Test
    void aFilterThatCannotStartFailsItsChecksRatherThanPassingText() {
        WordListFilter filter = new WordListFilter(tmp.resolve("none.txt"), () -> {
            throw new IllegalStateException("no ICU data");
        });
        try {
            assertThrows(CompletionException.class, () -> filter.check("anything"));
        } finally {
            filter.stop();
        }
    }
}
