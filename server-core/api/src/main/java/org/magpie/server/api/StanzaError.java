package org.magpie.server.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.magpie.server.api.xml.Element;

/**
 * A stanza error (RFC 6120 section 8.3): a defined condition, its type, and optional
 * human-readable texts keyed by language (several may be sent, one per {@code xml:lang}).
 */
public record StanzaError(Condition condition, Type type, Map<String, String> texts) {

    public enum Type {
        AUTH, CANCEL, CONTINUE, MODIFY, WAIT;

        public String xmlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The defined conditions, each with the error type RFC 6120 suggests for it. */
    public enum Condition {
        BAD_REQUEST(Type.MODIFY),
        CONFLICT(Type.CANCEL),
        FEATURE_NOT_IMPLEMENTED(Type.CANCEL),
        FORBIDDEN(Type.AUTH),
        GONE(Type.CANCEL),
        INTERNAL_SERVER_ERROR(Type.WAIT),
        ITEM_NOT_FOUND(Type.CANCEL),
        JID_MALFORMED(Type.MODIFY),
        NOT_ACCEPTABLE(Type.MODIFY),
        NOT_ALLOWED(Type.CANCEL),
        NOT_AUTHORIZED(Type.AUTH),
        POLICY_VIOLATION(Type.MODIFY),
        RECIPIENT_UNAVAILABLE(Type.WAIT),
        REDIRECT(Type.MODIFY),
        REGISTRATION_REQUIRED(Type.AUTH),
        REMOTE_SERVER_NOT_FOUND(Type.CANCEL),
        REMOTE_SERVER_TIMEOUT(Type.WAIT),
        RESOURCE_CONSTRAINT(Type.WAIT),
        SERVICE_UNAVAILABLE(Type.CANCEL),
        SUBSCRIPTION_REQUIRED(Type.AUTH),
        UNDEFINED_CONDITION(Type.CANCEL),
        UNEXPECTED_REQUEST(Type.WAIT);

        private final Type defaultType;

        Condition(Type defaultType) {
            this.defaultType = defaultType;
        }

        public Type defaultType() {
            return defaultType;
        }

        /** The element name, e.g. {@code service-unavailable}. */
        public String xmlName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public StanzaError {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(type, "type");
        texts = Map.copyOf(new LinkedHashMap<>(texts));
    }

    public static StanzaError of(Condition condition) {
        return new StanzaError(condition, condition.defaultType(), Map.of());
    }

    /** With one English text. */
    public static StanzaError of(Condition condition, String text) {
        return new StanzaError(condition, condition.defaultType(), Map.of("en", text));
    }

    /** With an English and a Chinese text. */
    public static StanzaError of(Condition condition, String english, String chinese) {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("en", english);
        texts.put("zh", chinese);
        return new StanzaError(condition, condition.defaultType(), texts);
    }

    /** The {@code <error/>} child of an error stanza. */
    public Element toElement() {
        Element.Builder error = Element.builder("error", Namespaces.CLIENT).attribute("type", type.xmlName());
        error.child(Element.of(condition.xmlName(), Namespaces.STANZA_ERRORS));
        // en first so that clients taking the first text get a language everybody on the team reads
        texts.entrySet().stream()
                .sorted((a, b) -> a.getKey().equals("en") ? -1 : b.getKey().equals("en") ? 1 : a.getKey().compareTo(b.getKey()))
                .forEach(t -> error.child(Element.builder("text", Namespaces.STANZA_ERRORS)
                        .attribute("xml:lang", t.getKey()).text(t.getValue()).build()));
        return error.build();
    }
}
