package org.magpie.client.service.smack.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.jivesoftware.smackx.commands.AdHocCommandNote;
import org.jivesoftware.smackx.xdata.FormField;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.PluginInfo;
import org.magpie.client.service.ServerAdministration;
import org.magpie.client.service.ServiceException;

/**
 * {@link ServerAdministration} over the Magpie server's ad-hoc commands: XEP-0133 add, delete,
 * change password, end sessions, announce; Magpie's own plugin list, plugin switch and word-list reload.
 */
public final class SmackAdministration implements ServerAdministration {

    static final String ADMIN = "http://jabber.org/protocol/admin#";
    static final String ADD_USER = ADMIN + "add-user";
    static final String DELETE_USER = ADMIN + "delete-user";
    static final String CHANGE_PASSWORD = ADMIN + "change-user-password";
    static final String END_SESSIONS = ADMIN + "end-user-session";
    static final String ANNOUNCE = ADMIN + "announce";
    static final String PLUGINS = "urn:magpie:admin:plugins";
    static final String SWITCH_PLUGIN = "urn:magpie:admin:switch-plugin";
    static final String RELOAD_WORDS = "urn:magpie:admin:reload-words";

    private final Commands commands;

    public SmackAdministration(Commands commands) {
        this.commands = commands;
    }

    @Override
    public CompletableFuture<Boolean> isAdministrator() {
        return commands.async(() -> {
            try {
                return commands.nodes().contains(PLUGINS);
            } catch (ServiceException e) {
                if (e.kind() == FailureKind.UNREACHABLE) {
                    return false; // offline: nobody is an administrator
                }
                throw e;
            }
        });
    }

    @Override
    public CompletableFuture<List<PluginInfo>> plugins() {
        return commands.async(() -> {
            Commands.Outcome list = commands.run(PLUGINS, Map.of());
            failOnError(list);
            // the switch's form offers the plugins that may be switched
            Set<String> switchable = new HashSet<>();
            DataForm form = commands.form(SWITCH_PLUGIN);
            FormField plugin = form == null ? null : form.getField("plugin");
            if (plugin instanceof org.jivesoftware.smackx.xdata.ListSingleFormField options) {
                options.getOptions().forEach(o -> switchable.add(o.getValueString()));
            }
            List<PluginInfo> plugins = new ArrayList<>();
            if (list.form() != null) {
                for (FormField f : list.form().getFields()) {
                    String name = f.getFieldName();
                    if (name == null || name.equals("FORM_TYPE")) {
                        continue;
                    }
                    String label = f.getLabel() == null ? "" : f.getLabel();
                    String version = label.startsWith(name + " ") ? label.substring(name.length() + 1).strip() : "";
                    plugins.add(new PluginInfo(name, version, "enabled".equals(f.getFirstValue()), switchable.contains(name)));
                }
            }
            return plugins;
        });
    }

    @Override
    public CompletableFuture<String> switchPlugin(String name, boolean enabled) {
        return run(SWITCH_PLUGIN, Map.of("plugin", List.of(name), "enabled", List.of(Boolean.toString(enabled))));
    }

    @Override
    public CompletableFuture<String> addUser(String account, String password, String nickname) {
        return run(ADD_USER, Map.of("accountjid", List.of(account), "password", List.of(password),
                "password-verify", List.of(password), "nick", List.of(nickname)));
    }

    @Override
    public CompletableFuture<String> deleteUsers(List<String> accounts) {
        return run(DELETE_USER, Map.of("accountjids", List.copyOf(accounts)));
    }

    @Override
    public CompletableFuture<String> changePassword(String account, String password) {
        return run(CHANGE_PASSWORD, Map.of("accountjid", List.of(account), "password", List.of(password)));
    }

    @Override
    public CompletableFuture<String> endSessions(List<String> accounts) {
        return run(END_SESSIONS, Map.of("accountjids", List.copyOf(accounts)));
    }

    @Override
    public CompletableFuture<String> announce(String subject, String text) {
        Map<String, List<String>> answers = new LinkedHashMap<>();
        if (subject != null && !subject.isBlank()) {
            answers.put("subject", List.of(subject.strip()));
        }
        answers.put("announcement", text == null ? List.of() : List.of(text.split("\n", -1)));
        return run(ANNOUNCE, answers);
    }

    @Override
    public CompletableFuture<String> reloadWords() {
        return run(RELOAD_WORDS, Map.of());
    }

    private CompletableFuture<String> run(String node, Map<String, List<String>> answers) {
        return commands.async(() -> {
            Commands.Outcome outcome = commands.run(node, answers);
            failOnError(outcome);
            return outcome.note(AdHocCommandNote.Type.info);
        });
    }

    private static void failOnError(Commands.Outcome outcome) throws ServiceException {
        String error = outcome.note(AdHocCommandNote.Type.error);
        if (error != null) {
            throw new ServiceException(FailureKind.OTHER, error);
        }
    }
}
