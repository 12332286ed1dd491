package org.magpie.plugin.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

class FileUrlsTest {

    private static final String ID = "abcdefghijklmnopqrstuvwxyz012345";

    /** The settings' defaults with some changed, as the configuration admin would hand them over. */
    static FilesConfig config(Map<String, Object> changed) {
        return (FilesConfig) Proxy.newProxyInstance(FilesConfig.class.getClassLoader(), new Class<?>[] {FilesConfig.class},
                (proxy, method, args) -> changed.getOrDefault(method.getName(), method.getDefaultValue()));
    }

    private static FileUrls urls(String publicUrl) {
        return new FileUrls(config(Map.of("public_url", publicUrl)), JidCreate.domainBareFromOrThrowUnchecked("example.org"));
    }

    @Test
    void withoutAPublicUrlTheFilePortOfTheDomainIsTheBase() {
        assertEquals("https://example.org:5443", urls("").base());
        assertEquals("http://example.org:8080",
                new FileUrls(config(Map.of("http_tls", false, "http_port", 8080)), JidCreate.domainBareFromOrThrowUnchecked("example.org"))
                        .base());
    }

    @Test
    void aPortSetToZeroIsNamedAsBoundOnceTheServerListens() {
        FileUrls urls = new FileUrls(config(Map.of("http_port", 0)), JidCreate.domainBareFromOrThrowUnchecked("example.org"));
        urls.listeningOn(40123);
        assertEquals("https://example.org:40123", urls.base());
        assertEquals(Optional.of(ID), urls.slotInUrl("https://example.org:40123/files/" + ID + "/a.txt"));
        assertEquals(Optional.empty(), urls.slotInUrl("https://example.org:0/files/" + ID + "/a.txt"));
    }

    @Test
    void aPublicUrlStaysWhateverPortIsBound() {
        FileUrls urls = urls("https://files.example.org/magpie");
        urls.listeningOn(40123);
        assertEquals("https://files.example.org/magpie", urls.base());
    }

    @Test
    void urlsCarryTheSlotAndAnEncodedName() {
        FileRecord f = FileRecord.slot(ID, "token", "alice@example.org", "my file ü.txt", 1, "text/plain", Instant.EPOCH, null, null);
        FileUrls urls = urls("https://files.example.org/magpie/");
        assertEquals("https://files.example.org/magpie/files/" + ID + "/my%20file%20%C3%BC.txt", urls.getUrl(f));
        assertEquals("https://files.example.org/magpie/upload/token/my%20file%20%C3%BC.txt", urls.putUrl(f));
        assertEquals("https://files.example.org/magpie/thumbnails/" + ID, urls.thumbnailUrl(f));
    }

    @Test
    void theSlotIsReadFromDownloadAndPreviewUrlsOfThisServiceOnly() {
        FileUrls urls = urls("https://files.example.org/magpie");
        assertEquals(Optional.of(ID), urls.slotInUrl("https://files.example.org/magpie/files/" + ID + "/a.txt"));
        assertEquals(Optional.of(ID), urls.slotInUrl("https://FILES.example.org:443/magpie/files/" + ID));
        assertEquals(Optional.of(ID), urls.slotInUrl("https://files.example.org/magpie/thumbnails/" + ID));
        assertEquals(Optional.empty(), urls.slotInUrl("https://files.example.org/magpie/upload/" + ID + "/a.txt"));
        assertEquals(Optional.empty(), urls.slotInUrl("https://other.example.org/magpie/files/" + ID + "/a.txt"));
        assertEquals(Optional.empty(), urls.slotInUrl("https://files.example.org:8443/magpie/files/" + ID + "/a.txt"));
        assertEquals(Optional.empty(), urls.slotInUrl("http://files.example.org/magpie/files/" + ID + "/a.txt"));
        assertEquals(Optional.empty(), urls.slotInUrl("https://eve@files.example.org/magpie/files/" + ID + "/a.txt"));
        assertEquals(Optional.empty(), urls.slotInUrl("https://files.example.org/other/files/" + ID + "/a.txt"));
        assertEquals(Optional.empty(), urls.slotInUrl("https://files.example.org/magpie/files/not-an-id/a.txt"));
        assertEquals(Optional.empty(), urls.slotInUrl("no url at all"));
    }
}
