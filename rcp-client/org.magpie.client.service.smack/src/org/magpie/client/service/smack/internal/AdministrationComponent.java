package org.magpie.client.service.smack.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.magpie.client.service.MessagingService;
import org.magpie.client.service.PluginInfo;
import org.magpie.client.service.ServerAdministration;
import org.magpie.client.service.smack.SmackMessagingService;

/**
 * The running client's {@link ServerAdministration}
 * (OSGI-INF/org.magpie.client.service.smack.administration.xml): the commands run over the session of
 * this bundle's {@link MessagingService} component, which DS injects into the constructor.
 */
public final class AdministrationComponent implements ServerAdministration {

    private final ServerAdministration delegate;

    public AdministrationComponent(MessagingService messaging) {
        this.delegate = ((SmackMessagingService) messaging).administration();
    }

    @Override
    public CompletableFuture<Boolean> isAdministrator() {
        return delegate.isAdministrator();
    }

    @Override
    public CompletableFuture<List<PluginInfo>> plugins() {
        return delegate.plugins();
    }

    @Override
    public CompletableFuture<String> switchPlugin(String name, boolean enabled) {
        return delegate.switchPlugin(name, enabled);
    }

    @Override
    public CompletableFuture<String> addUser(String account, String password, String nickname) {
        return delegate.addUser(account, password, nickname);
    }

    @Override
    public CompletableFuture<String> deleteUsers(List<String> accounts) {
        return delegate.deleteUsers(accounts);
    }

    @Override
    public CompletableFuture<String> changePassword(String account, String password) {
        return delegate.changePassword(account, password);
    }

    @Override
    public CompletableFuture<String> endSessions(List<String> accounts) {
        return delegate.endSessions(accounts);
    }

    @Override
    public CompletableFuture<String> announce(String subject, String text) {
        return delegate.announce(subject, text);
    }

    @Override
    public CompletableFuture<String> reloadWords() {
        return delegate.reloadWords();
    }
}
