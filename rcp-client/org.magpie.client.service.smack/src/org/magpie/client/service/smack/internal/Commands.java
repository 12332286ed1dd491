package org.magpie.client.service.smack.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.commands.AdHocCommandNote;
import org.jivesoftware.smackx.commands.RemoteCommand;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.xdata.FormField;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.jxmpp.jid.DomainBareJid;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.smack.internal.Failures.Operation;

/**
 * Runs XEP-0050 ad-hoc commands at the server's own address for the logged-in user: lists the ones
 * the server offers to this user, and runs one through its form. The server answers in the
 * language of the stream (the user's). Blocking work runs on the executor given.
 */
public final class Commands {

    /** The logged-in connection, or a {@link ServiceException} (UNREACHABLE) while there is none. */
    @FunctionalInterface
    public interface Connections {
        XMPPConnection current() throws ServiceException;
    }

    /** How a command run ended: the result form (or null) and the notes. */
    public record Outcome(DataForm form, List<AdHocCommandNote> notes) {

        /** The first note of a type, or null. */
        public String note(AdHocCommandNote.Type type) {
            return notes.stream().filter(n -> n.getType() == type).map(AdHocCommandNote::getValue).findFirst().orElse(null);
        }

        /** The value of a result field, or null. */
        public String value(String var) {
            FormField f = form == null ? null : form.getField(var);
            return f == null ? null : f.getFirstValue();
        }
    }

    private final Connections connections;
    private final Executor executor;

    public Commands(Connections connections, Executor executor) {
        this.connections = connections;
        this.executor = executor;
    }

    /** Runs blocking work on the executor; failures become {@link ServiceException}s. */
    public <T> CompletableFuture<T> async(Async.Supply<T> work) {
        return Async.supply(executor, Commands::map, work);
    }

    /** The nodes of the commands the server offers to this user now. */
    public List<String> nodes() throws Exception {
        XMPPConnection c = connections.current();
        DiscoverItems items = AdHocCommandManager.getAddHocCommandsManager(c).discoverCommands(c.getXMPPServiceDomain());
        List<String> nodes = new ArrayList<>();
        for (DiscoverItems.Item item : items.getItems()) {
            if (item.getNode() != null) {
                nodes.add(item.getNode());
            }
        }
        return nodes;
    }

    /**
     * Runs a command: executes it, and when the server asks with a form, fills in the answers (by
     * field var; fields the form lacks are left out) and completes it.
     */
    public Outcome run(String node, Map<String, List<String>> answers) throws Exception {
        RemoteCommand command = command(node);
        command.execute();
        if (!command.isCompleted() && command.getForm() != null) {
            DataForm form = command.getForm();
            FillableForm filled = new FillableForm(form);
            for (Map.Entry<String, List<String>> a : answers.entrySet()) {
                FormField field = form.getField(a.getKey());
                if (field == null || a.getValue() == null || a.getValue().isEmpty()) {
                    continue;
                }
                switch (field.getType()) {
                    case jid_multi, text_multi, list_multi -> filled.setAnswer(a.getKey(), a.getValue());
                    case bool -> filled.setAnswer(a.getKey(), Boolean.parseBoolean(a.getValue().get(0)));
                    default -> filled.setAnswer(a.getKey(), a.getValue().get(0));
                }
            }
            command.complete(filled);
        }
        return new Outcome(command.getForm(), List.copyOf(command.getNotes()));
    }

    /** The form a command asks to fill in, without running it (the run is cancelled). */
    public DataForm form(String node) throws Exception {
        RemoteCommand command = command(node);
        command.execute();
        DataForm form = command.getForm();
        if (!command.isCompleted()) {
            command.cancel();
        }
        return form;
    }

    private RemoteCommand command(String node) throws ServiceException {
        XMPPConnection c = connections.current();
        DomainBareJid server = c.getXMPPServiceDomain();
        return AdHocCommandManager.getAddHocCommandsManager(c).getRemoteCommand(server, node);
    }

    /** A command the server has no (more) answers service-unavailable or item-not-found: the feature is off. */
    static ServiceException map(Throwable e) {
        if (e instanceof XMPPErrorException xe) {
            StanzaError.Condition condition = xe.getStanzaError().getCondition();
            if (condition == StanzaError.Condition.service_unavailable || condition == StanzaError.Condition.feature_not_implemented) {
                return new ServiceException(FailureKind.UNAVAILABLE, Failures.text(xe.getStanzaError()), e);
            }
        }
        return Failures.map(e, Operation.SEND);
    }
}
