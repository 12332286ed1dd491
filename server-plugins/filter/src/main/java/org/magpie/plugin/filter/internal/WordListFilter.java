package org.magpie.plugin.filter.internal;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.magpie.server.api.WordFilter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The word list as a service: loaded at start, checked for changes every few seconds and swapped in
 * whole when it changed, so admins edit the file and the next message is filtered by the new list
 * without a restart. A list that cannot be read keeps the previous one in force (and says why in
 * the log), so a half-saved file never switches filtering off.
 *
 * <p>The folding tables ({@link Folding}) take a second or two to build, so they are built, and the
 * list first loaded, on the service's own thread: the service is there at once, and a check made
 * before it is ready waits for it rather than letting a message through unchecked.
 */
@Component(service = {WordFilter.class, WordListFilter.class}, configurationPid = WordListFilter.PID)
@Designate(ocd = FilterConfig.class)
public final class WordListFilter implements WordFilter {

    static final String PID = "org.magpie.filter";

    private static final Logger LOG = LoggerFactory.getLogger(WordListFilter.class);

    private final Path file;
    private final ScheduledExecutorService watcher;
    /** Built once (ICU loads its tables), shared by every list loaded later; set by the watcher thread. */
    private Folding folding;
    /** Done once the folding is built and the list first read; checks wait for it. */
    private final CompletableFuture<Void> ready;
    private volatile SensitiveWords words = SensitiveWords.NONE;
    private volatile Stamp loaded;
    private volatile boolean missing;

    /** What the file looked like when last read. */
    private record Stamp(FileTime modified, long size) {
    }

    @Activate
    public WordListFilter(FilterConfig config, BundleContext context) {
        this(resolve(config.words_file(), context.getProperty("magpie.home")));
        watcher.scheduleWithFixedDelay(this::reloadIfChanged, config.reload_seconds(), config.reload_seconds(),
                TimeUnit.SECONDS);
    }

    WordListFilter(Path file) {
        this(file, Folding::new);
    }

    WordListFilter(Path file, Supplier<Folding> folding) {
        this.file = file;
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "magpie-filter-reload");
            t.setDaemon(true);
            return t;
        });
        this.ready = CompletableFuture.runAsync(() -> {
            long start = System.nanoTime();
            this.folding = folding.get();
            LOG.info("word filter folding built in {} ms", (System.nanoTime() - start) / 1_000_000);
            reloadIfChanged();
        }, watcher).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.error("the word filter could not start; messages are refused until it does", failure);
            }
        });
    }

    private static Path resolve(String path, String home) {
        Path p = Path.of(path);
        return p.isAbsolute() || home == null ? p : Path.of(home).resolve(p);
    }

    @Deactivate
    void stop() {
        ready.cancel(false); // nobody waits for a filter that stopped before it was ready
        watcher.shutdownNow();
    }

    /** Waits for the filter to be ready at start (a failure to build it fails the check: nothing goes unchecked). */
    @Override
    public Verdict check(String text) {
        ready.join();
        return words.check(text);
    }

    /** Reads the list again now, whether or not it changed; for admins. @return the number of rules */
    int reload() throws IOException {
        ready.join();
        load(stamp());
        return words.size();
    }

    void reloadIfChanged() {
        try {
            Stamp now = stamp();
            if (!Objects.equals(now, loaded)) {
                load(now);
            }
        } catch (NoSuchFileException e) {
            if (!missing) {
                LOG.warn("word list {} does not exist: nothing is filtered until it does", file);
                missing = true;
            }
            words = SensitiveWords.NONE;
            loaded = null;
        } catch (CharacterCodingException e) {
            LOG.error("word list {} is not UTF-8; the previous list stays in force", file);
        } catch (IOException | RuntimeException e) {
            LOG.error("word list {} cannot be read ({}); the previous list stays in force", file, e.toString());
        }
    }

    private Stamp stamp() throws IOException {
        return new Stamp(Files.getLastModifiedTime(file), Files.size(file));
    }

    private void load(Stamp stamp) throws IOException {
        WordList list = WordList.parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        for (WordList.Problem p : list.problems()) {
            LOG.warn("word list {} line {}: {}; skipped", file, p.line(), p.message());
        }
        words = new SensitiveWords(list.rules(), folding);
        loaded = stamp;
        missing = false;
        LOG.info("word list {} loaded: {} rules", file, list.rules().size());
    }
}
