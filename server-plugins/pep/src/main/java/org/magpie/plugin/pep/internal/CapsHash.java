package org.magpie.plugin.pep.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.magpie.server.api.Namespaces;
import org.magpie.server.api.forms.DataForm;
import org.magpie.server.api.xml.Element;

/**
 * The verification string of XEP-0115 §5.1 computed from a disco#info answer, so that features learnt
 * from one client are trusted for another client with the same {@code ver} only when they hash to it
 * (otherwise a client could poison what the server believes about everybody's client).
 */
final class CapsHash {

    private CapsHash() {
    }

    /** The {@code ver} the answer hashes to with the named algorithm; empty when the algorithm is not one we know. */
    static Optional<String> ver(String hash, Element discoInfo) {
        String algorithm = switch (hash) {
            case "sha-1" -> "SHA-1";
            case "sha-256" -> "SHA-256";
            default -> null;
        };
        if (algorithm == null) {
            return Optional.empty();
        }
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(input(discoInfo).getBytes(StandardCharsets.UTF_8));
            return Optional.of(Base64.getEncoder().encodeToString(digest));
        } catch (NoSuchAlgorithmException e) {
            return Optional.empty();
        }
    }

    /** The string S of XEP-0115 §5.1 (identities, features, then extended forms, each sorted). */
    static String input(Element query) {
        StringBuilder s = new StringBuilder();
        List<String> identities = new ArrayList<>();
        List<String> features = new ArrayList<>();
        List<DataForm> forms = new ArrayList<>();
        for (Element e : query.elements()) {
            if (e.is("identity", Namespaces.DISCO_INFO)) {
                identities.add(nz(e.attribute("category")) + "/" + nz(e.attribute("type")) + "/"
                        + nz(e.attribute("xml:lang")) + "/" + nz(e.attribute("name")));
            } else if (e.is("feature", Namespaces.DISCO_INFO)) {
                features.add(nz(e.attribute("var")));
            } else if (e.is("x", DataForm.NS)) {
                forms.add(DataForm.parse(e));
            }
        }
        identities.sort(Comparator.naturalOrder());
        features.sort(Comparator.naturalOrder());
        identities.forEach(i -> s.append(i).append('<'));
        features.forEach(f -> s.append(f).append('<'));
        forms.stream().filter(f -> f.field("FORM_TYPE").isPresent())
                .sorted(Comparator.comparing(f -> f.field("FORM_TYPE").get().values().stream().findFirst().orElse("")))
                .forEach(f -> {
                    f.field("FORM_TYPE").get().values().forEach(v -> s.append(v).append('<'));
                    f.fields().stream().filter(x -> x.var() != null && !x.var().equals("FORM_TYPE"))
                            .sorted(Comparator.comparing(DataForm.Field::var))
                            .forEach(x -> {
                                s.append(x.var()).append('<');
                                x.values().stream().sorted().forEach(v -> s.append(v).append('<'));
                            });
                });
        return s.toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
