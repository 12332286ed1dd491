package org.magpie.plugin.pep.internal;

import java.util.List;
import java.util.Optional;

import org.magpie.plugin.pep.internal.NodeConfig.AccessModel;
import org.magpie.plugin.pep.internal.NodeConfig.SendLast;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.forms.DataForm;
import org.magpie.server.api.text.Texts;

/**
 * Node configuration as data forms: the form an owner fills in (XEP-0060 §8.2), a submitted form applied,
 * and publish-options checked as preconditions (XEP-0060 §7.1.5, XEP-0223).
 */
final class NodeForms {

    private final Texts texts;

    NodeForms(Texts texts) {
        this.texts = texts;
    }

    /** The configuration form of a node, labelled in the reader's language. */
    DataForm form(NodeConfig config, String language) {
        List<DataForm.Option> access = List.of(AccessModel.values()).stream()
                .map(a -> new DataForm.Option(null, a.xmlName())).toList();
        List<DataForm.Option> sendLast = List.of(SendLast.values()).stream()
                .map(s -> new DataForm.Option(null, s.xmlName())).toList();
        return DataForm.of("form", texts.text("form.title").in(language), null)
                .with(DataForm.Field.of("FORM_TYPE", "hidden", null, NodeConfig.FORM_TYPE))
                .with(DataForm.Field.of(NodeConfig.ACCESS_MODEL, "list-single", texts.text("field.access").in(language),
                        config.access().xmlName()).withOptions(access))
                .with(DataForm.Field.of(NodeConfig.MAX_ITEMS, "text-single", texts.text("field.max.items").in(language),
                        Integer.toString(config.maxItems())))
                .with(DataForm.Field.of(NodeConfig.PERSIST_ITEMS, "boolean", texts.text("field.persist").in(language),
                        config.persist() ? "1" : "0"))
                .with(DataForm.Field.of(NodeConfig.SEND_LAST, "list-single", texts.text("field.send.last").in(language),
                        config.sendLast().xmlName()).withOptions(sendLast));
    }

    /**
     * A configuration submitted by the owner applied to {@code config}. Fields it does not know are left
     * alone (clients send back every field of forms of other servers); a bad value is refused.
     */
    NodeConfig apply(NodeConfig config, DataForm submitted, int maxItemsLimit) throws PubSubException {
        NodeConfig c = config;
        for (DataForm.Field f : submitted.fields()) {
            if (f.var() == null || f.values().isEmpty()) {
                continue;
            }
            String value = f.values().get(0).strip();
            Optional<NodeConfig> changed = set(c, f.var(), value, maxItemsLimit);
            if (changed.isEmpty() && NodeConfig.FIELDS.contains(f.var())) {
                throw new PubSubException(texts.text("config.bad.value", f.var(), value).error(Condition.NOT_ACCEPTABLE));
            }
            c = changed.orElse(c);
        }
        return c;
    }

    /**
     * Checks publish-options against an existing node: every option must be what the node has, else the
     * publication is refused with precondition-not-met (the client may then reconfigure and publish again).
     */
    void requireMet(NodeConfig config, DataForm options, int maxItemsLimit) throws PubSubException {
        for (DataForm.Field f : options.fields()) {
            if (f.var() == null || f.var().equals("FORM_TYPE")) {
                continue;
            }
            String value = f.values().isEmpty() ? "" : f.values().get(0).strip();
            Optional<NodeConfig> wanted = set(config, f.var(), value, maxItemsLimit);
            if (wanted.isEmpty() || !wanted.get().equals(config)) {
                throw precondition(f.var(), value);
            }
        }
    }

    /** A new node's configuration from publish-options; an option this server cannot give is a precondition not met. */
    NodeConfig fromOptions(NodeConfig defaults, DataForm options, int maxItemsLimit) throws PubSubException {
        NodeConfig c = defaults;
        for (DataForm.Field f : options.fields()) {
            if (f.var() == null || f.var().equals("FORM_TYPE")) {
                continue;
            }
            String value = f.values().isEmpty() ? "" : f.values().get(0).strip();
            Optional<NodeConfig> changed = set(c, f.var(), value, maxItemsLimit);
            if (changed.isEmpty()) {
                throw precondition(f.var(), value);
            }
            c = changed.get();
        }
        return c;
    }

    private PubSubException precondition(String field, String value) {
        return new PubSubException(texts.text("precondition", field, value).error(Condition.CONFLICT), "precondition-not-met");
    }

    /** {@code config} with one field set; empty when the field is unknown or the value is not one we can give. */
    private static Optional<NodeConfig> set(NodeConfig config, String var, String value, int maxItemsLimit) {
        return switch (var) {
            case NodeConfig.ACCESS_MODEL -> AccessModel.of(value).map(config::withAccess);
            case NodeConfig.PERSIST_ITEMS -> NodeConfig.bool(value).map(config::withPersist);
            case NodeConfig.SEND_LAST -> SendLast.of(value).map(config::withSendLast);
            case NodeConfig.MAX_ITEMS -> maxItems(value, maxItemsLimit).map(config::withMaxItems);
            default -> Optional.empty();
        };
    }

    private static Optional<Integer> maxItems(String value, int limit) {
        if (NodeConfig.MAX.equals(value)) {
            return Optional.of(limit);
        }
        try {
            int n = Integer.parseInt(value);
            return n >= 1 && n <= limit ? Optional.of(n) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
