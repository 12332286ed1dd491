package org.magpie.plugin.commands.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.magpie.server.api.AdHocCommand;
import org.magpie.server.api.Administrators;
import org.magpie.server.api.DiscoProvider;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.IqType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.ServesIq;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.forms.DataForm;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.xml.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0050 ad-hoc commands at the server's address: lists the {@link AdHocCommand} services the
 * requester may run (administration commands only for the accounts in {@code admin.accounts}),
 * describes each node, and runs their steps with session ids. A step that takes time (a provider to
 * ask) is answered when it completes, without holding a server thread.
 */
@Component(service = {IqHandler.class, DiscoProvider.class, Administrators.class}, configurationPid = CommandsHandler.ADMIN_PID)
@ServesIq(element = "command", namespace = Namespaces.COMMANDS, types = IqType.SET)
@Designate(ocd = AdminConfig.class)
public final class CommandsHandler implements IqHandler, DiscoProvider, Administrators {

    static final String NS = Namespaces.COMMANDS;
    static final String ADMIN_PID = "org.magpie.admin";
    static final Duration SESSION_LIFETIME = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(CommandsHandler.class);

    /** A command run that waits for the user's next step. */
    private record Run(String node, Jid requester, Instant started) {
    }

    private final Texts texts = Texts.of(CommandsHandler.class);
    private final List<AdHocCommand> commands = new CopyOnWriteArrayList<>();
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final ServerInfo server;
    private final Clock clock = Clock.systemUTC();
    private volatile Set<String> administrators;

    @Activate
    public CommandsHandler(@Reference ServerInfo server, AdminConfig config) {
        this.server = server;
        configure(config);
    }

    @Modified
    void configure(AdminConfig config) {
        administrators = Arrays.stream(config.accounts().split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeCommand")
    void addCommand(AdHocCommand command) {
        commands.add(command);
    }

    void removeCommand(AdHocCommand command) {
        commands.remove(command);
    }

    // ------------------------------------------------------------------ disco

    @Override
    public Collection<String> features() {
        return List.of(NS);
    }

    @Override
    public Optional<List<NodeItem>> nodeItems(String node, EntityFullJid requester) {
        if (!NS.equals(node)) {
            return Optional.empty();
        }
        return Optional.of(commands.stream().filter(c -> mayRun(c, requester))
                .map(c -> new NodeItem(server.domain(), c.node(), c.name("en"))).toList());
    }

    @Override
    public Optional<NodeInfo> nodeInfo(String node, EntityFullJid requester) {
        return find(node).filter(c -> mayRun(c, requester)).map(c -> new NodeInfo(
                List.of(new Identity("automation", "command-node", c.name("en"))), List.of(NS, Namespaces.DATA_FORMS)));
    }

    // ------------------------------------------------------------------ execution

    @Override
    public Stanza handle(Stanza iq, Session session) throws StanzaException {
        Element command = iq.payload().orElseThrow();
        if (!iq.is(IqType.SET)) {
            // English only, as ever
            throw new StanzaException(StanzaError.of(Condition.BAD_REQUEST, texts.text("iq.not.set").english()));
        }
        EntityFullJid requester = session.jid().orElseThrow(() -> new StanzaException(Condition.NOT_AUTHORIZED));
        String node = command.attribute("node");
        AdHocCommand target = find(node).orElseThrow(() -> texts.text("command.not.found", node).exception(Condition.ITEM_NOT_FOUND));
        if (!mayRun(target, requester)) {
            throw texts.text("administrators.only").exception(Condition.FORBIDDEN);
        }
        expireOldRuns();
        String sessionId = command.attribute("sessionid");
        String action = Optional.ofNullable(command.attribute("action")).orElse("execute");
        DataForm form = null;
        if (sessionId != null) {
            Run run = runs.get(sessionId);
            if (run == null || !run.requester().equals(requester) || !run.node().equals(node)) {
                throw texts.text("session.unknown").exception(Condition.BAD_REQUEST);
            }
            if ("cancel".equals(action)) {
                runs.remove(sessionId);
                return iq.resultReply(Element.builder("command", NS).attribute("node", node)
                        .attribute("sessionid", sessionId).attribute("status", "canceled").build());
            }
            form = command.child("x", Namespaces.DATA_FORMS).map(DataForm::parse).orElse(null);
            if (form == null) {
                throw texts.text("form.missing").exception(Condition.BAD_REQUEST);
            }
        } else {
            sessionId = UUID.randomUUID().toString();
        }
        String id = sessionId;
        String language = Optional.ofNullable(iq.element().attribute("xml:lang")).orElse(session.language());
        CompletionStage<AdHocCommand.Step> step;
        try {
            step = target.execute(requester, language, form);
        } catch (RuntimeException e) {
            LOG.error("command {} failed", node, e);
            throw texts.text("command.failed").exception(Condition.INTERNAL_SERVER_ERROR);
        }
        step.whenComplete((s, failure) -> session.send(answer(iq, node, id, requester, s, failure)));
        return null;
    }

    private Stanza answer(Stanza iq, String node, String sessionId, Jid requester, AdHocCommand.Step step, Throwable failure) {
        if (failure != null) {
            runs.remove(sessionId);
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof StanzaException e) {
                return iq.errorReply(e.error());
            }
            LOG.error("command {} failed", node, cause);
            return iq.errorReply(texts.text("command.failed").error(Condition.INTERNAL_SERVER_ERROR));
        }
        Element.Builder c = Element.builder("command", NS).attribute("node", node).attribute("sessionid", sessionId)
                .attribute("status", step.completed() ? "completed" : "executing");
        if (step.completed()) {
            runs.remove(sessionId);
        } else {
            runs.put(sessionId, new Run(node, requester, clock.instant()));
            c.child(Element.builder("actions", NS).attribute("execute", "complete").child(Element.of("complete", NS)).build());
        }
        step.notes().forEach(n -> c.child(Element.builder("note", NS).attribute("type", n.type()).text(n.text()).build()));
        step.form().ifPresent(f -> c.child(f.toElement()));
        return iq.resultReply(c.build());
    }

    private Optional<AdHocCommand> find(String node) {
        return node == null ? Optional.empty() : commands.stream().filter(c -> node.equals(c.node())).findFirst();
    }

    private boolean mayRun(AdHocCommand command, Jid requester) {
        if (!command.forAdministrators()) {
            return true;
        }
        EntityBareJid bare = requester == null ? null : requester.asEntityBareJidIfPossible();
        return bare != null && isAdministrator(bare);
    }

    @Override
    public boolean isAdministrator(EntityBareJid account) {
        return account.asDomainBareJid().equals(server.domain()) && administrators.contains(account.getLocalpart().toString());
    }

    private void expireOldRuns() {
        Instant oldest = clock.instant().minus(SESSION_LIFETIME);
        runs.values().removeIf(r -> r.started().isBefore(oldest));
    }
}
