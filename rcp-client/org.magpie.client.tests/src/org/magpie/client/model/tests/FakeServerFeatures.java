package org.magpie.client.model.tests;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.magpie.client.service.PluginInfo;
import org.magpie.client.service.ServerAdministration;
import org.magpie.client.service.Weather;
import org.magpie.client.service.WeatherService;

/**
 * A server administration and weather whose answers the test decides: each call is recorded with
 * the future the test completes. Public for the UI tests.
 */
public final class FakeServerFeatures implements ServerAdministration, WeatherService {

    public record Call(String operation, List<String> args, CompletableFuture<Object> result) {
        @SuppressWarnings("unchecked")
        public <T> void complete(T value) {
            ((CompletableFuture<T>) (CompletableFuture<?>) result).complete(value);
        }

        public void fail(Throwable t) {
            result.completeExceptionally(t);
        }
    }

    public final List<Call> calls = new CopyOnWriteArrayList<>();

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> call(String operation, String... args) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        calls.add(new Call(operation, List.of(args), f));
        return (CompletableFuture<T>) (CompletableFuture<?>) f;
    }

    /** The latest call of an operation. */
    public Call last(String operation) {
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (calls.get(i).operation().equals(operation)) {
                return calls.get(i);
            }
        }
        throw new AssertionError("no call of " + operation + " in " + calls);
    }

    public long count(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).count();
    }

    @Override
    public CompletableFuture<Boolean> isAdministrator() {
        return call("isAdministrator");
    }

    @Override
    public CompletableFuture<List<PluginInfo>> plugins() {
        return call("plugins");
    }

    @Override
    public CompletableFuture<String> switchPlugin(String name, boolean enabled) {
        return call("switchPlugin", name, Boolean.toString(enabled));
    }

    @Override
    public CompletableFuture<String> addUser(String account, String password, String nickname) {
        return call("addUser", account, password, nickname);
    }

    @Override
    public CompletableFuture<String> deleteUsers(List<String> accounts) {
        return call("deleteUsers", accounts.toArray(String[]::new));
    }

    @Override
    public CompletableFuture<String> changePassword(String account, String password) {
        return call("changePassword", account, password);
    }

    @Override
    public CompletableFuture<String> endSessions(List<String> accounts) {
        return call("endSessions", accounts.toArray(String[]::new));
    }

    @Override
    public CompletableFuture<String> announce(String subject, String text) {
        return call("announce", String.valueOf(subject), text);
    }

    @Override
    public CompletableFuture<String> reloadWords() {
        return call("reloadWords");
    }

    @Override
    public CompletableFuture<Boolean> isAvailable() {
        return call("isAvailable");
    }

    @Override
    public CompletableFuture<Weather> weather(String city) {
        return call("weather", city);
    }
}
