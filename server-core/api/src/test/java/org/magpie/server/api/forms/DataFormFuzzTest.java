package org.magpie.server.api.forms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.magpie.server.api.xml.Element;
import org.magpie.server.api.xml.Text;

/**
 * Fuzzes reading a data form (XEP-0004) from whatever element a client sent: {@link DataForm#parse} and the
 * accessors must not throw, whatever the element holds, and a parsed form must come back equal from its own
 * element. The elements are built from the fuzz data with a bias towards the names forms use, so that the
 * fuzzer reaches fields, values and options quickly. A plain test run replays the inputs in
 * {@code DataFormFuzzTestInputs}; see docs/FUZZING.md for fuzzing.
 */
class DataFormFuzzTest {

    private static final String[] NAMES = {"x", "field", "value", "option", "required", "title", "instructions",
            "desc", "reported", "item", "media"};
    private static final String[] NAMESPACES = {DataForm.NS, DataForm.NS, DataForm.NS, "", "jabber:client",
            "urn:xmpp:media-element"};
    private static final String[] ATTRIBUTES = {"var", "type", "label", "xml:lang", "{urn:x}var", "{jabber:x:data}type"};
    private static final String[] TYPES = {"form", "submit", "result", "cancel", "text-single", "text-multi",
            "boolean", "jid-single", "jid-multi", "list-single", "list-multi", "hidden", "fixed", "text-private"};
    private static final int MAX_DEPTH = 4;

    @FuzzTest(maxDuration = "30m")
    void anyElementAsAForm(FuzzedDataProvider data) {
        Element x;
        try {
            x = element(data, 0);
        } catch (IllegalArgumentException e) {
            return; // the fuzz data made no valid element (an empty name, say): nothing to parse
        }
        DataForm form = DataForm.parse(x);
        assertNotNull(form.type());
        for (DataForm.Field f : form.fields()) {
            if (f.var() != null) {
                assertNotNull(form.field(f.var()).orElseThrow());
                form.value(f.var());
                form.values(f.var());
            }
        }
        form.value("");
        form.values("");
        Element written = form.toElement();
        assertEquals(form, DataForm.parse(written), () -> "a form read from " + x.toXml() + " changed when written as "
                + written.toXml());
        assertNotNull(written.toXml());
    }

    private static Element element(FuzzedDataProvider data, int depth) {
        String name = data.consumeBoolean() ? data.pickValue(NAMES) : data.consumeString(8);
        String namespace = data.consumeBoolean() ? data.pickValue(NAMESPACES) : data.consumeString(16);
        Element.Builder b = Element.builder(depth == 0 && data.consumeBoolean() ? "x" : name,
                depth == 0 && data.consumeBoolean() ? DataForm.NS : namespace);
        int attributes = data.consumeInt(0, 4);
        for (int i = 0; i < attributes; i++) {
            String attribute = data.consumeBoolean() ? data.pickValue(ATTRIBUTES) : data.consumeString(8);
            b.attribute(attribute, data.consumeBoolean() ? data.pickValue(TYPES) : data.consumeString(24));
        }
        int children = depth >= MAX_DEPTH ? 0 : data.consumeInt(0, 5);
        for (int i = 0; i < children; i++) {
            if (data.consumeBoolean()) {
                b.child(new Text(data.consumeString(32)));
            } else {
                b.child(element(data, depth + 1));
            }
        }
        return b.build();
    }
}
