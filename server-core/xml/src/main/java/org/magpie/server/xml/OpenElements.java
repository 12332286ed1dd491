package org.magpie.server.xml;

import java.util.ArrayList;

import org.magpie.server.api.xml.Element;
import org.magpie.server.api.xml.Text;

/**
 * The elements of the stanza now arriving whose end tags have not come yet, innermost last, and the
 * character data of the innermost one since its last child: adjacent text, CDATA and character
 * references become one {@link Text}. Builds the stanza's {@link Element} as its end tags arrive.
 */
final class OpenElements {

    /** A text buffer grown beyond this by one large stanza is dropped rather than kept for the session. */
    private static final int TEXT_BUFFER_KEEP = 8 * 1024;

    /** An element whose end tag has not arrived yet, with the start tag's name and declarations as written. */
    private record Frame(String qname, String[] namespaces, Element.Builder builder) {
    }

    private final ArrayList<Frame> open = new ArrayList<>();
    private StringBuilder text = new StringBuilder();

    /** Whether no element is open: the parser is between stanzas. */
    boolean isEmpty() {
        return open.isEmpty();
    }

    int depth() {
        return open.size();
    }

    /** A start tag: its text so far goes to the parent first. */
    void push(String qname, String[] namespaces, Element.Builder builder) {
        if (!open.isEmpty()) {
            flushText(open.get(open.size() - 1));
        }
        open.add(new Frame(qname, namespaces, builder));
    }

    /** An end tag: the element is complete; returned when it is a stanza, else added to its parent. */
    Element pop() {
        Frame frame = open.remove(open.size() - 1);
        flushText(frame);
        Element element = frame.builder().build();
        if (!open.isEmpty()) {
            open.get(open.size() - 1).builder().child(element);
            return null;
        }
        return element;
    }

    void text(char[] chars, int start, int length) {
        text.append(chars, start, length);
    }

    /** Writes the open elements' start tags as they were declared, outermost first (see {@link AaltoReaders}). */
    void appendStartTags(StringBuilder sb) {
        for (Frame f : open) {
            AaltoReaders.appendStartTag(sb, f.qname(), f.namespaces());
        }
    }

    /** Drops everything, for a parser that is dead. */
    void release() {
        open.clear();
        text = null;
    }

    private void flushText(Frame frame) {
        if (text.length() > 0) {
            frame.builder().child(new Text(text.toString()));
            if (text.capacity() > TEXT_BUFFER_KEEP) {
                text = new StringBuilder();
            } else {
                text.setLength(0);
            }
        }
    }
}
