package org.magpie.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;


/** Entry point: runs the chosen scenarios against one server, or compares the JSON reports of one run. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.println(Options.usage());
            return;
        }
        Options opts = new Options(args);
        if (!opts.positional.isEmpty() && opts.positional.get(0).equals("compare")) {
            Compare.write(Path.of(opts.get("out")), opts.positional.subList(1, opts.positional.size()));
            return;
        }
        Target target = new Target(opts.get("host"), opts.integer("port"), opts.get("domain"), opts.integer("sources"));
        Results results = new Results(opts.get("name"));
        Probe probe = new Probe(opts.number("server-pid"), opts.get("jcmd"), opts.integer("server-core"));
        results.info("started", Instant.now().toString());
        results.info("target", target.host() + ":" + target.port() + " domain " + target.domain());
        results.info("generator.cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        results.info("generator.java", System.getProperty("java.vm.name") + " " + Runtime.version());
        results.info("source.addresses", Integer.toString(target.sourceCount()));
        results.info("options", String.join(" ", opts.all().entrySet().stream()
                .filter(e -> !e.getKey().equals("password")).map(e -> "--" + e.getKey() + "=" + e.getValue()).toList()));
        Bench bench = new Bench(opts, target, results, probe);
        System.out.println("== " + results.server + " at " + target.host() + ":" + target.port());
        for (String scenario : opts.list("scenario")) {
            System.out.println("-- " + scenario);
            long t0 = System.nanoTime();
            try {
                switch (scenario) {
                    case "login" -> LoginScenario.run(bench);
                    case "idle" -> IdleScenario.run(bench);
                    case "chat" -> ChatScenario.run(bench);
                    case "chat-archived" -> ChatScenario.run(bench, true);
                    case "muc" -> MucScenario.run(bench);
                    case "mam" -> MamScenario.run(bench);
                    case "upload" -> UploadScenario.run(bench);
                    default -> throw new IllegalArgumentException("unknown scenario " + scenario);
                }
            } catch (Exception e) {
                results.note("scenario " + scenario + " failed: " + e);
                e.printStackTrace();
            }
            results.info("seconds." + scenario, String.format("%.0f", (System.nanoTime() - t0) / 1e9));
        }
        results.info("finished", Instant.now().toString());
        if (!opts.get("out").isBlank()) {
            Files.writeString(Path.of(opts.get("out")), results.toJson());
        }
        System.out.println();
        System.out.print(results.table());
        System.exit(0); // readers of sessions the server did not close yet are virtual threads, but be sure
    }

}
