package org.magpie.server.api.forms;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.magpie.server.api.xml.Element;

/**
 * A data form (XEP-0004): {@code form} to fill in, {@code submit} filled in, {@code result} to show,
 * {@code cancel}. Immutable; build with {@link #of} and {@link #with}, read a submitted one with
 * {@link #parse}.
 */
public record DataForm(String type, String title, String instructions, List<Field> fields) {

    public static final String NS = "jabber:x:data";

    public DataForm {
        Objects.requireNonNull(type, "type");
        fields = List.copyOf(fields);
    }

    public static DataForm of(String type, String title, String instructions) {
        return new DataForm(type, title, instructions, List.of());
    }

    /** This form with one more field. */
    public DataForm with(Field field) {
        List<Field> all = new ArrayList<>(fields);
        all.add(field);
        return new DataForm(type, title, instructions, all);
    }

    public Optional<Field> field(String var) {
        return fields.stream().filter(f -> var.equals(f.var())).findFirst();
    }

    /** The first value of a field, stripped; empty when the field is missing or blank. */
    public Optional<String> value(String var) {
        return field(var).flatMap(f -> f.values().stream().findFirst()).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** All non-blank values of a field (lines of a text-multi, JIDs of a jid-multi). */
    public List<String> values(String var) {
        return field(var).map(f -> f.values().stream().map(String::strip).filter(s -> !s.isEmpty()).toList()).orElse(List.of());
    }

    public Element toElement() {
        Element.Builder x = Element.builder("x", NS).attribute("type", type);
        if (title != null) {
            x.textChild("title", title);
        }
        if (instructions != null) {
            x.textChild("instructions", instructions);
        }
        fields.forEach(f -> x.child(f.toElement()));
        return x.build();
    }

    /** Reads a {@code <x xmlns='jabber:x:data'/>} element; unknown parts are ignored. */
    public static DataForm parse(Element x) {
        List<Field> fields = new ArrayList<>();
        for (Element f : x.elements()) {
            if (!f.is("field", NS)) {
                continue;
            }
            List<String> values = new ArrayList<>();
            List<Option> options = new ArrayList<>();
            for (Element c : f.elements()) {
                if (c.is("value", NS)) {
                    values.add(c.text());
                } else if (c.is("option", NS)) {
                    options.add(new Option(c.attribute("label"), c.childText("value").orElse("")));
                }
            }
            fields.add(new Field(f.attribute("var"), f.attribute("type"), f.attribute("label"),
                    f.child("required", NS).isPresent(), values, options));
        }
        return new DataForm(Optional.ofNullable(x.attribute("type")).orElse("form"), x.childText("title").orElse(null),
                x.childText("instructions").orElse(null), fields);
    }

    /** A form field; {@code type} as XEP-0004 names them ({@code text-single}, {@code boolean}, {@code jid-multi}, ...). */
    public record Field(String var, String type, String label, boolean required, List<String> values, List<Option> options) {

        public Field {
            values = List.copyOf(values);
            options = List.copyOf(options);
        }

        public static Field of(String var, String type, String label, String... values) {
            return new Field(var, type, label, false, List.of(values), List.of());
        }

        public Field asRequired() {
            return new Field(var, type, label, true, values, options);
        }

        public Field withOptions(List<Option> newOptions) {
            return new Field(var, type, label, required, values, newOptions);
        }

        Element toElement() {
            Element.Builder f = Element.builder("field", NS).attribute("var", var).attribute("type", type)
                    .attribute("label", label);
            if (required) {
                f.child(Element.of("required", NS));
            }
            for (String v : values) {
                f.textChild("value", v);
            }
            for (Option o : options) {
                f.child(Element.builder("option", NS).attribute("label", o.label()).textChild("value", o.value()).build());
            }
            return f.build();
        }
    }

    /** A choice of a {@code list-single} or {@code list-multi} field. */
    public record Option(String label, String value) {
    }
}
